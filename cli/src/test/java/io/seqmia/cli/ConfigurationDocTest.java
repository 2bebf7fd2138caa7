package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.kernel.ConfigDocs;
import io.seqmia.kernel.StageConfigDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md is generated from the stages' declarations; this fails when the two disagree. */
class ConfigurationDocTest {

  static final Path DOC = Path.of("..", "docs", "CONFIGURATION.md");

  @Test
  void theDocumentIsWhatTheCodeDeclares() throws Exception {
    String expected = ConfigDocs.markdown(ConfigCommand.STAGES);
    assertTrue(Files.exists(DOC), "docs/CONFIGURATION.md is missing: run ./seqmia config --markdown > "
        + "docs/CONFIGURATION.md");
    assertEquals(expected, Files.readString(DOC), "docs/CONFIGURATION.md disagrees with the code: regenerate it"
        + " with ./seqmia config --markdown > docs/CONFIGURATION.md");
  }

  @Test
  void everyKeyHasADocAndOneEnvironmentName() {
    Set<String> env = new HashSet<>();
    for (StageConfigDef stage : ConfigCommand.STAGES) {
      for (String key : stage.keys()) {
        assertTrue(env.add(StageConfigDef.envName(key)), "two keys share " + StageConfigDef.envName(key));
        assertTrue(stage.configKeys().get(key).documentation.length() > 10, key + " has no documentation");
      }
    }
  }
}
