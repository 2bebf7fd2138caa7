package io.seqmia.cli;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.kernel.ConfigDocs;
import io.seqmia.kernel.StageConfigDef;
import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.trainer.TrainerConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqmia config [STAGE]}: every configuration key, from the stages' own declarations. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print the configuration keys of a stage (streams, trainer, attacker), or all of them.")
final class ConfigCommand implements Callable<Integer> {

  /** Every stage with configuration keys, in pipeline order. */
  static final List<StageConfigDef> STAGES =
      List.of(StreamsAppConfig.DEFINITION, TrainerConfig.DEFINITION, AttackerConfig.DEFINITION);

  @Parameters(arity = "0..1", paramLabel = "STAGE", description = "streams, trainer or attacker (default: all).")
  String stage;

  @Option(names = "--markdown", description = "Print docs/CONFIGURATION.md (all stages, Markdown).")
  boolean markdown;

  @Override
  public Integer call() {
    if (markdown) {
      System.out.print(ConfigDocs.markdown(STAGES));
      return 0;
    }
    for (StageConfigDef def : STAGES) {
      if (stage == null || stage.equals(def.stage())) {
        System.out.println(def.stage() + ": " + def.summary());
        System.out.println(ConfigDocs.text(def));
      }
    }
    if (stage != null && STAGES.stream().noneMatch(d -> d.stage().equals(stage))) {
      throw new IllegalArgumentException("unknown stage '" + stage + "': give streams, trainer or attacker");
    }
    return 0;
  }
}
