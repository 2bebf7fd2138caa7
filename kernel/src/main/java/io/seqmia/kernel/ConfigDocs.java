package io.seqmia.kernel;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** docs/CONFIGURATION.md and the CLI help, rendered from the stages' {@link StageConfigDef} declarations. */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** The whole of docs/CONFIGURATION.md; a test fails when the file and this disagree. */
  public static String markdown(List<StageConfigDef> stages) {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration\n\n")
        .append("<!-- Generated from the code (StageConfigDef declarations): run `./seqmia config --markdown >"
            + " docs/CONFIGURATION.md`.\n     ConfigurationDocTest fails when this file and the code disagree. -->\n\n")
        .append("Every stage declares its keys once (type, default, what is allowed, what it does) on Kafka's own\n")
        .append("`ConfigDef`; this page, the `--help` of each command, the parsing and its error messages come from"
            + " that one\ndeclaration. `seqmia config STAGE` prints one stage's keys.\n\n")
        .append("## Where values come from\n\n")
        .append("Later sources win:\n\n")
        .append("1. the defaults below;\n")
        .append("2. the `--config FILE` properties file;\n")
        .append("3. the `--command-config FILE` Kafka client file (its keys become `kafka.*` keys);\n")
        .append("4. the environment: each key's `SEQMIA_*` variable (the key in upper case, `.` and `-` as `_`),\n")
        .append("   `SEQMIA_KAFKA_*` for `kafka.*` keys (as Kafka's own image maps `KAFKA_*`: `_` is `.`, `__` is"
            + " `_`,\n   `___` is `-`), `SEQMIA_BOOTSTRAP_SERVER` and `SEQMIA_TOPIC_PREFIX`;\n")
        .append("5. each `--set key=value`;\n")
        .append("6. the flags: `--bootstrap-server`, `--topic-prefix`.\n\n")
        .append("A blank value means unset: the default applies. Each stage's own keys start with its name; a stage\n")
        .append("ignores the other stages' keys, so one file can configure all of them. Any other key is an error"
            + " that\nnames the nearest valid key. Every `kafka.<key>` reaches every Kafka client of every stage and"
            + " command,\nunprefixed (`kafka.security.protocol=SASL_SSL`), except the few keys the stages' exactly-once"
            + " handling\nrests on, which are refused.\n\n");
    for (StageConfigDef stage : stages) {
      md.append("## ").append(stage.stage()).append("\n\n").append(stage.summary()).append("\n\n")
          .append("| key | type | default | allowed | environment | what it does |\n")
          .append("| --- | --- | --- | --- | --- | --- |\n");
      for (Map.Entry<String, ConfigDef.ConfigKey> e : stage.configKeys().entrySet()) {
        ConfigDef.ConfigKey key = e.getValue();
        boolean own = key.name.startsWith(stage.prefix());
        md.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ").append(defaultText(key)).append(" | ")
            .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
            .append(own ? "`" + StageConfigDef.envName(key.name) + "`" : "(flag)").append(" | ")
            .append(cell(key.documentation)).append(" |\n");
      }
      for (Map.Entry<String, String> e : stage.removedKeys().entrySet()) {
        md.append("| `").append(e.getKey()).append("` | removed | | | | ").append(cell(e.getValue())).append(" |\n");
      }
      md.append('\n');
    }
    md.append("## Renamed keys\n\n")
        .append("These names from before the stage prefixes still work, with a warning that names the new key.\n\n")
        .append("| old | new |\n| --- | --- |\n");
    RenamedKeys.NEW_NAMES.forEach((oldKey, newKey) ->
        md.append("| `").append(oldKey).append("` | `").append(newKey).append("` |\n"));
    return md.toString();
  }

  /** One stage's keys as plain text (lines end in \\n), for {@code seqmia config STAGE} and the command's help. */
  public static String text(StageConfigDef stage) {
    StringBuilder out = new StringBuilder();
    out.append("Keys for --config, --set and SEQMIA_* (docs/CONFIGURATION.md):\n");
    for (ConfigDef.ConfigKey key : stage.configKeys().values()) {
      if (!key.name.startsWith(stage.prefix())) {
        continue;
      }
      out.append("  ").append(key.name).append(" = ").append(defaultText(key).replace("`", ""));
      if (key.validator != null) {
        out.append("  ").append(key.validator.toString());
      }
      out.append("\n      ").append(key.documentation).append('\n');
    }
    out.append("  kafka.<key>  any Kafka client setting, for every client of the stage\n");
    return out.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    if (key.defaultValue == null) {
      return "(unset)";
    }
    String s = ConfigDef.convertToString(key.defaultValue, key.type);
    return s.isEmpty() ? "\"\"" : "`" + s + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
