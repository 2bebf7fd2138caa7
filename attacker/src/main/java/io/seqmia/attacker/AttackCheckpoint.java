package io.seqmia.attacker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The on-disk form of an attack run's labelled-mode MLP, enough to give live verdicts after a restart:
 * the MLP's files ({@link MlpAttack#save}: DJL parameters, hyper-parameters, standardizer mean and std),
 * {@value #FEATURES} (the feature names in column order, one per line, UTF-8) and {@value #MANIFEST}
 * (format, attack and target model versions, feature layout). The manifest is written last, so a folder
 * without one is not a checkpoint. The service keeps one folder per attack model version under
 * {@code attacker.model.dir} ({@link #directoryFor}).
 */
public final class AttackCheckpoint {

  static final String FORMAT = "seqmia-attack-checkpoint-v1";
  public static final String FEATURES = "feature-names.txt";
  public static final String MANIFEST = "attack.properties";

  private AttackCheckpoint() {}

  /**
   * The folder of {@code attackModelVersion} under {@code modelDir}: the version with every character but
   * letters, digits, '.', '_' and '-' replaced by '_' (attack versions contain '/'). Two versions that
   * differ only there share a folder; the manifest records the exact version, and {@link #load} callers
   * compare it.
   */
  public static Path directoryFor(Path modelDir, String attackModelVersion) {
    String name = attackModelVersion.replaceAll("[^A-Za-z0-9._-]", "_");
    if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
      name = "_" + name; // never "", "." or ".."
    }
    return modelDir.resolve(name);
  }

  /** Whether {@code dir} holds a complete checkpoint (its manifest exists). */
  public static boolean isCheckpoint(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST));
  }

  /** Writes {@code run}'s labelled-mode MLP into {@code dir}, replacing a checkpoint already there. */
  public static void save(AttackRun run, Path dir) {
    List<String> names = run.features().names();
    for (String name : names) {
      if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("cannot save a feature name with a line break: '" + name + "'");
      }
    }
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(MANIFEST)); // an interrupted save must not look complete
      run.model().save(dir);
      Files.write(dir.resolve(FEATURES), names, StandardCharsets.UTF_8);
      Properties m = new Properties();
      m.setProperty("format", FORMAT);
      m.setProperty("attack.model.version", run.attackModelVersion());
      m.setProperty("target.model.version", run.targetModelVersion());
      m.setProperty("attack", AttackRunner.MLP);
      m.setProperty("mode", AttackRunner.MLP_MODE);
      m.setProperty("feature.layout", FeatureMatrix.LAYOUT);
      m.setProperty("feature.count", Integer.toString(names.size()));
      m.setProperty("saved.at", Instant.now().toString());
      try (Writer w = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
        m.store(w, FORMAT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the attack model to " + dir, e);
    }
  }

  /** The checkpoint in {@code dir} as a run that gives live verdicts ({@link AttackRun#forLiveVerdicts}). */
  public static AttackRun load(Path dir) {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException("no attack model checkpoint in " + dir + ": " + MANIFEST + " is missing");
    }
    Properties m = new Properties();
    try (Reader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      m.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    require(FORMAT.equals(m.getProperty("format")), manifest,
        "format is '" + m.getProperty("format") + "', this build reads '" + FORMAT + "'");
    require(FeatureMatrix.LAYOUT.equals(m.getProperty("feature.layout")), manifest,
        "feature layout is '" + m.getProperty("feature.layout") + "', this build reads '" + FeatureMatrix.LAYOUT + "'");
    String attackVersion = m.getProperty("attack.model.version", "");
    String targetVersion = m.getProperty("target.model.version", "");
    require(!attackVersion.isBlank() && !targetVersion.isBlank(), manifest, "it lacks the model versions");
    List<String> names;
    try {
      names = Files.readAllLines(dir.resolve(FEATURES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(FEATURES), e);
    }
    require(Integer.toString(names.size()).equals(m.getProperty("feature.count")), manifest,
        "feature.count is " + m.getProperty("feature.count") + " but " + FEATURES + " has " + names.size());
    FeatureMatrix features = FeatureMatrix.of(names);
    MlpAttack model = MlpAttack.load(dir);
    if (model.inputDimension() != names.size()) {
      model.close();
      throw new IllegalArgumentException("cannot load " + dir + ": the MLP reads " + model.inputDimension()
          + " features but " + FEATURES + " names " + names.size());
    }
    return AttackRun.forLiveVerdicts(model, features, targetVersion, attackVersion);
  }

  private static void require(boolean ok, Path file, String message) {
    if (!ok) {
      throw new IllegalArgumentException("cannot load " + file + ": " + message);
    }
  }
}
