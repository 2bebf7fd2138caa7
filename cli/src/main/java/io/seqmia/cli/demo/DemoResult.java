package io.seqmia.cli.demo;

import io.seqmia.data.DatasetStats;
import io.seqmia.replay.ReplayResult;
import io.seqmia.schemas.AttackReport;
import java.nio.file.Path;

/**
 * What a demo run produced.
 *
 * @param sequences what the streams-app emitted and dropped (report.json's {@code sequences})
 * @param verdictsPublished verdict records found on the verdict topic (consumed, not the producer's count)
 * @param distinctVerdictSequences distinct sequence ids among them
 * @param skipped attacks that could not run, each with its reason
 */
public record DemoResult(
    DatasetStats dataset,
    ReplayResult replay,
    AttackReport report,
    java.util.Map<String, Object> sequences,
    long verdictsExpected,
    long verdictsPublished,
    long distinctVerdictSequences,
    Path reportDir,
    double seconds,
    java.util.List<String> skipped) {}
