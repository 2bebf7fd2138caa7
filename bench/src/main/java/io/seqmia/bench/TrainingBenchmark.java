package io.seqmia.bench;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.trainer.EpochProgress;
import io.seqmia.trainer.TargetModelConfig;
import io.seqmia.trainer.TargetTrainer;
import io.seqmia.trainer.TrainedTarget;
import io.seqmia.trainer.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Target-model training and scoring: seqmia's DJL model against the identical model in PyTorch
 * ({@code bench/reference/torch_target.py}), on the same sequences, dimensions, batch and threads, in the same
 * run. Both report their loss per epoch, so the table shows that the two learn alike before it compares rates.
 */
public final class TrainingBenchmark {

  /** One framework's run: the loss and rate of each epoch, then the scoring rate. */
  public record Run(String framework, List<Double> losses, List<Double> tokensPerSecond, double scoringPerSecond) {

    double meanTokensPerSecond() {
      // The first epoch carries each framework's warm-up; with two or more, it is left out.
      List<Double> rates = tokensPerSecond.size() > 1 ? tokensPerSecond.subList(1, tokensPerSecond.size())
          : tokensPerSecond;
      return rates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  /** What the benchmark measures: sizes of the generated data and of the run. */
  public record Settings(int sequences, int items, int epochs, int score, int threads, long seed) {

    public Settings {
      require(sequences >= 10, "--sequences must be at least 10, got " + sequences);
      require(items >= 10, "--items must be at least 10, got " + items);
      require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
      require(score >= 0 && score <= sequences, "--score must be in [0, --sequences], got " + score);
      require(threads >= 1, "--threads must be at least 1, got " + threads);
    }
  }

  private static final Pattern FRAMEWORK = Pattern.compile("\"framework\": \"([^\"]+)\"");

  private TrainingBenchmark() {}

  /**
   * Sessions over {@code items} items: a Zipf-popular first item, then one of each item's three likely
   * successors (sometimes a popular item instead), 2 to 12 items long. Deterministic for the seed.
   */
  public static List<ClickSequence> sequences(Settings s) {
    Random chain = new Random(s.seed());
    int[][] successors = new int[s.items()][3];
    for (int[] next : successors) {
      for (int j = 0; j < next.length; j++) {
        next[j] = zipf(chain, s.items());
      }
    }
    Random random = new Random(s.seed() + 1);
    List<ClickSequence> out = new ArrayList<>(s.sequences());
    for (int n = 0; n < s.sequences(); n++) {
      int length = 2 + random.nextInt(11);
      List<String> ids = new ArrayList<>(length);
      List<Long> times = new ArrayList<>(length);
      int current = zipf(random, s.items());
      for (int i = 0; i < length; i++) {
        ids.add("item-" + current);
        times.add(1_700_000_000_000L + i * 1000L);
        current = random.nextInt(10) == 0 ? zipf(random, s.items()) : successors[current][random.nextInt(3)];
      }
      out.add(ClickSequence.newBuilder().setSequenceId("s-" + n).setSessionId("s-" + n).setItemIds(ids)
          .setTimestamps(times).setVariant(SequenceVariant.ORIGINAL).setSplit(MembershipSplit.TARGET_MEMBER)
          .setAttackerKnows(true).build());
    }
    return out;
  }

  /** An item index with probability about proportional to 1 / (index + 1). */
  private static int zipf(Random random, int items) {
    return (int) Math.min(items - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(items + 1.0)) - 1));
  }

  /** The sequences as the model's vocabulary indices, one line each: the reference's input. */
  public static void writeIndices(List<ClickSequence> sequences, Vocabulary vocabulary, Path file) {
    StringBuilder text = new StringBuilder();
    for (ClickSequence s : sequences) {
      for (int i = 0; i < s.getItemIds().size(); i++) {
        text.append(i == 0 ? "" : " ").append(vocabulary.indexOf(s.getItemIds().get(i)));
      }
      text.append('\n');
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The target's own trainer and bulk scoring (TrainedTarget.score in the bulk run's batches of 128). */
  public static Run djl(List<ClickSequence> members, TargetModelConfig config, int score) {
    List<EpochProgress> epochs = new ArrayList<>();
    try (TrainedTarget target = TargetTrainer.train(members, List.of(), config, epochs::add)) {
      double rate = Double.NaN;
      if (score > 0) {
        List<ClickSequence> probe = members.subList(0, score);
        long start = System.nanoTime();
        for (int from = 0; from < probe.size(); from += 128) {
          target.score(probe.subList(from, Math.min(probe.size(), from + 128)), ModelRole.TARGET);
        }
        rate = probe.size() / ((System.nanoTime() - start) / 1e9);
      }
      return new Run("DJL 0.36.0 (PyTorch 2.7.1)", epochs.stream().map(EpochProgress::trainLoss).toList(),
          epochs.stream().map(EpochProgress::tokensPerSecond).toList(), rate);
    }
  }

  /** Runs the reference script with {@code python} on the same data and parses its JSON lines. */
  public static Run pytorch(String python, Path script, Path data, int vocabulary, TargetModelConfig config,
      int score, int threads) throws IOException, InterruptedException {
    List<String> command = List.of(python, script.toString(), "--data", data.toString(),
        "--vocabulary", Integer.toString(vocabulary), "--embedding", Integer.toString(config.embeddingSize()),
        "--heads", Integer.toString(config.heads()), "--layers", Integer.toString(config.layers()),
        "--feed-forward", Integer.toString(config.feedForwardSize()),
        "--max-length", Integer.toString(config.maxLength()), "--dropout", Float.toString(config.dropout()),
        "--learning-rate", Float.toString(config.learningRate()), "--batch", Integer.toString(config.batchSize()),
        "--epochs", Integer.toString(config.epochs()), "--threads", Integer.toString(threads),
        "--score", Integer.toString(score), "--seed", Long.toString(config.seed()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the PyTorch reference failed (" + String.join(" ", command) + "):\n" + output);
    }
    List<Double> losses = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    double scoring = Double.NaN;
    String framework = "PyTorch";
    for (String line : output.split("\n")) {
      if (line.contains("\"epoch\"")) {
        losses.add(number(line, "loss"));
        rates.add(number(line, "tokensPerSecond"));
      } else if (line.contains("scoringPerSecond")) {
        scoring = number(line, "scoringPerSecond");
      }
      Matcher m = FRAMEWORK.matcher(line);
      if (m.find()) {
        framework = m.group(1).replace("pytorch", "PyTorch");
      }
    }
    if (losses.size() != config.epochs()) {
      throw new IllegalStateException("the PyTorch reference reported " + losses.size() + " of " + config.epochs()
          + " epochs:\n" + output);
    }
    return new Run(framework, losses, rates, scoring);
  }

  private static double number(String line, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.eE+-]+|NaN)").matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in the reference's line: " + line);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The benchmark's table: loss per epoch of both, then rates and their ratio (DJL / PyTorch). */
  public static String table(Settings s, int vocabulary, Run djl, Run torch) {
    StringBuilder t = new StringBuilder();
    t.append(String.format("Target-model training: %,d sequences over %,d items (vocabulary %,d), %d epochs, %d threads%n",
        s.sequences(), s.items(), vocabulary, s.epochs(), s.threads()));
    t.append("| measure | ").append(djl.framework()).append(" | ").append(torch.framework()).append(" | ratio |\n");
    t.append("| --- | --- | --- | --- |\n");
    for (int e = 0; e < djl.losses().size(); e++) {
      t.append(String.format("| train loss, epoch %d | %.4f | %.4f | %.3f |%n", e + 1, djl.losses().get(e),
          torch.losses().get(e), djl.losses().get(e) / torch.losses().get(e)));
    }
    t.append(String.format("| training tokens/s%s | %,.0f | %,.0f | %.2f |%n",
        djl.tokensPerSecond().size() > 1 ? " (epochs 2+)" : "", djl.meanTokensPerSecond(),
        torch.meanTokensPerSecond(), djl.meanTokensPerSecond() / torch.meanTokensPerSecond()));
    if (s.score() > 0) {
      t.append(String.format("| scoring vectors/s (%,d sequences) | %,.0f | %,.0f | %.2f |%n", s.score(),
          djl.scoringPerSecond(), torch.scoringPerSecond(), djl.scoringPerSecond() / torch.scoringPerSecond()));
    }
    return t.toString();
  }

  /**
   * Usage: TrainingBenchmark [--sequences N] [--items N] [--epochs N] [--score N] [--python PATH]
   * [--reference FILE] [--work DIR]. Threads come from {@code -Dai.djl.pytorch.num_threads} (default 2).
   */
  public static void main(String[] args) throws Exception {
    int sequences = 20_000;
    int items = 5_000;
    int epochs = 2;
    int score = 4_000;
    String python = "/usr/bin/python3";
    Path reference = Path.of("bench/reference/torch_target.py");
    Path work = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--sequences" -> sequences = Integer.parseInt(v);
        case "--items" -> items = Integer.parseInt(v);
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--score" -> score = Integer.parseInt(v);
        case "--python" -> python = v;
        case "--reference" -> reference = Path.of(v);
        case "--work" -> work = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --sequences --items --epochs --score --python --reference --work");
      }
    }
    int threads = Integer.getInteger("ai.djl.pytorch.num_threads", 2);
    Settings settings = new Settings(sequences, items, epochs, score, threads, 7);
    System.out.print(run(settings, python, reference, work == null ? Files.createTempDirectory("seqmia-bench") : work));
  }

  /** Generates the data, runs both frameworks one after the other, and returns the table. */
  public static String run(Settings s, String python, Path reference, Path work) throws Exception {
    List<ClickSequence> members = sequences(s);
    Vocabulary vocabulary = Vocabulary.fromSequences(members);
    Files.createDirectories(work);
    Path data = work.resolve("sequences.txt");
    writeIndices(members, vocabulary, data);
    TargetModelConfig config = TargetModelConfig.defaults().withEpochs(s.epochs());
    Run djl = djl(members, config, s.score());
    Run torch = pytorch(python, reference, data, vocabulary.size(), config, s.score(), s.threads());
    return table(s, vocabulary.size(), djl, torch);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
