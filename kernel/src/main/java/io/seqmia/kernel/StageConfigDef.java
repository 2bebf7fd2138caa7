package io.seqmia.kernel;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage's configuration keys, each declared once on Kafka's own {@link ConfigDef}: type, default, validator and
 * documentation. From that declaration come the parsing, the error messages (naming the key and what it allows),
 * the rejection of unknown keys with the nearest valid key suggested, the {@code SEQMIA_*} environment names, the
 * CLI help and docs/CONFIGURATION.md.
 *
 * <p>Every stage's own keys start with its prefix ({@code streams.}, {@code trainer.}, {@code attacker.}). A stage
 * ignores the keys of the other stages, so that one file can configure them all; every other key is an error. The
 * shared keys are {@value #BOOTSTRAP_SERVERS}, {@value #TOPIC_PREFIX} and the {@code kafka.*} client settings
 * ({@link ClientSettings}). A blank value means "unset": the default applies. Keys from before the prefixes
 * ({@link RenamedKeys}) still work, with a warning naming the new key.
 */
public final class StageConfigDef {

  private static final Logger LOG = LoggerFactory.getLogger(StageConfigDef.class);
  public static final String BOOTSTRAP_SERVERS = ClientSettings.BOOTSTRAP_SERVERS;
  public static final String TOPIC_PREFIX = "topic.prefix";
  /** The prefixes of the stages' own keys: a stage ignores the others' keys. */
  public static final List<String> STAGE_PREFIXES = List.of("streams.", "trainer.", "attacker.");
  /** Environment variables: {@code SEQMIA_} and the key in upper case, '.' and '-' as '_'. */
  public static final String ENV_PREFIX = "SEQMIA_";
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private final String stage;
  private final String prefix;
  private final String summary;
  private final ConfigDef def = new ConfigDef();
  private final Map<String, String> removed = new LinkedHashMap<>();

  /**
   * @param stage the stage's name, also its key prefix ({@code trainer} owns {@code trainer.*})
   * @param summary one sentence on the stage, for the documentation
   */
  public StageConfigDef(String stage, String summary) {
    this.stage = stage;
    this.prefix = stage + ".";
    this.summary = summary;
    if (!STAGE_PREFIXES.contains(prefix)) {
      throw new IllegalArgumentException("unknown stage '" + stage + "': add its prefix to STAGE_PREFIXES");
    }
    def.define(BOOTSTRAP_SERVERS, Type.STRING, null, Importance.HIGH,
        "The Kafka cluster, host:port[,host:port...]. Shared by every stage; the --bootstrap-server flag and"
            + " SEQMIA_BOOTSTRAP_SERVER set it too.");
    def.define(TOPIC_PREFIX, Type.STRING, "", Importance.MEDIUM,
        "Prefix of every seqmia topic name. Shared by every stage; set by --topic-prefix (SEQMIA_TOPIC_PREFIX).");
  }

  /** Declares one of this stage's keys; {@code dflt} null means "unset" (the key's doc says what that means). */
  public StageConfigDef define(String key, Type type, Object dflt, Validator validator, String doc) {
    if (!key.startsWith(prefix)) {
      throw new IllegalArgumentException(stage + " key '" + key + "' must start with '" + prefix + "'");
    }
    def.define(key, type, dflt, validator == null ? null : nullOr(validator), Importance.MEDIUM, doc);
    return this;
  }

  public StageConfigDef define(String key, Type type, Object dflt, String doc) {
    return define(key, type, dflt, null, doc);
  }

  /** A key that no longer exists: naming it stops with this message, which says what to use instead. */
  public StageConfigDef removed(String key, String message) {
    removed.put(key, message);
    return this;
  }

  public String stage() {
    return stage;
  }

  public String prefix() {
    return prefix;
  }

  public String summary() {
    return summary;
  }

  /** This stage's own keys, in declaration order (without the shared ones). */
  public List<String> keys() {
    List<String> own = new ArrayList<>();
    for (String key : def.configKeys().keySet()) {
      if (key.startsWith(prefix)) {
        own.add(key);
      }
    }
    return own;
  }

  public Map<String, ConfigDef.ConfigKey> configKeys() {
    return Collections.unmodifiableMap(def.configKeys());
  }

  public Map<String, String> removedKeys() {
    return Collections.unmodifiableMap(removed);
  }

  /** The environment variable of a key: {@code trainer.model.epochs} is {@code SEQMIA_TRAINER_MODEL_EPOCHS}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Parses a stage's configuration. Renamed keys are read under their new name; keys of other stages are ignored.
   *
   * @throws IllegalArgumentException naming the key and what it allows, for a bad value, an unknown key (with the
   *     nearest valid key) or a removed one
   */
  public Values parse(Properties props) {
    Map<String, String> given = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      String value = props.getProperty(key);
      if (value != null && !value.isBlank()) {
        given.put(key.trim(), value.trim());
      }
    }
    Map<String, String> own = new TreeMap<>();
    for (Map.Entry<String, String> e : renamed(given).entrySet()) {
      String key = e.getKey();
      if (removed.containsKey(key)) {
        throw bad("'" + key + "' was removed: " + removed.get(key));
      }
      if (def.configKeys().containsKey(key)) {
        own.put(key, e.getValue());
      } else if (!key.startsWith(ClientSettings.PREFIX) && (key.startsWith(prefix) || !otherStages(key))) {
        throw bad("unknown key '" + key + "'" + suggestion(key) + " (every " + stage + " key: seqmia config "
            + stage + ", or docs/CONFIGURATION.md)");
      }
    }
    try {
      return new Values(def.parse(own), ClientSettings.unprefixed(props));
    } catch (ConfigException e) {
      throw bad(e.getMessage());
    }
  }

  private boolean otherStages(String key) {
    for (String other : STAGE_PREFIXES) {
      if (!other.equals(prefix) && key.startsWith(other)) {
        return true;
      }
    }
    return false;
  }

  /** The keys with old names under their new ones (a new name given as well wins), each old name warned once. */
  private Map<String, String> renamed(Map<String, String> given) {
    Map<String, String> out = new TreeMap<>(given);
    for (Map.Entry<String, String> e : given.entrySet()) {
      String newKey = RenamedKeys.NEW_NAMES.get(e.getKey());
      if (newKey == null) {
        continue;
      }
      out.remove(e.getKey());
      boolean both = given.containsKey(newKey);
      if (!both) {
        out.put(newKey, e.getValue());
      }
      if (WARNED.add(e.getKey())) {
        LOG.warn("configuration key '{}' is now '{}'{}; rename it", e.getKey(), newKey,
            both ? " (both are set: '" + newKey + "' wins)" : "");
      }
    }
    return out;
  }

  /** The nearest declared key, as typed or with the stage prefix the user may have left out. */
  private String suggestion(String key) {
    String withPrefix = key.startsWith(prefix) ? key : prefix + key;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : def.configKeys().keySet()) {
      int d = Math.min(editDistance(key, candidate), editDistance(withPrefix, candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(3, key.length() / 3) ? "; did you mean '" + best + "'?" : "";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int swap = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + swap);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private IllegalArgumentException bad(String what) {
    return new IllegalArgumentException(stage + " config: " + what);
  }

  /** A validator that also accepts "unset" (null); Kafka's own reject null. */
  private static Validator nullOr(Validator v) {
    return ConfigDef.LambdaValidator.with((name, value) -> {
      if (value != null) {
        v.ensureValid(name, value);
      }
    }, v::toString);
  }

  /** A validator from a check that returns null when the value is fine, else what is wrong. */
  public static Validator check(java.util.function.Function<Object, String> problem, String allowed) {
    return ConfigDef.LambdaValidator.with((name, value) -> {
      String p = problem.apply(value);
      if (p != null) {
        throw new ConfigException(name, value, p);
      }
    }, () -> allowed);
  }

  /** The parsed values of a stage: every declared key, typed, and the {@code kafka.*} settings unprefixed. */
  public static final class Values {
    private final Map<String, Object> values;
    private final Map<String, String> kafka;

    Values(Map<String, Object> values, Map<String, String> kafka) {
      this.values = values;
      this.kafka = Map.copyOf(kafka);
    }

    /** A key's parsed value, typed by its declaration; null when unset without a default. */
    public Object get(String key) {
      if (!values.containsKey(key)) {
        throw new IllegalStateException("key '" + key + "' was never declared");
      }
      return values.get(key);
    }

    public String string(String key) {
      return (String) get(key);
    }

    public Integer integer(String key) {
      return (Integer) get(key);
    }

    public Long whole(String key) {
      return (Long) get(key);
    }

    public Double number(String key) {
      return (Double) get(key);
    }

    public Boolean bool(String key) {
      return (Boolean) get(key);
    }

    public Duration millis(String key) {
      Long ms = whole(key);
      return ms == null ? null : Duration.ofMillis(ms);
    }

    /** A path key; unset: null. */
    public Path path(String key) {
      String raw = string(key);
      if (raw == null) {
        return null;
      }
      try {
        return Path.of(raw);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("'" + key + "' is not a valid path: " + e.getMessage());
      }
    }

    public String bootstrapServers() {
      return string(BOOTSTRAP_SERVERS);
    }

    public String topicPrefix() {
      return string(TOPIC_PREFIX);
    }

    /** The {@code kafka.*} settings with the prefix removed. */
    public Map<String, String> kafka() {
      return kafka;
    }
  }
}
