package io.seqmia.attacker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  @TempDir
  Path dir;

  private final List<AttackScores> attacks = List.of(
      SampleScores.gaussian("seqmia-mlp", "labelled", 400, 2.0, 1),
      SampleScores.gaussian("seqmia-mlp", "shadow", 400, 1.5, 2),
      SampleScores.gaussian("loss-threshold", "none", 400, 1.0, 3),
      SampleScores.gaussian("biased-mia", "shadow", 400, 0.0, 4));

  @Test
  void linearAndLogLogRocCurvesArePngs() throws IOException {
    Path linear = dir.resolve(Plots.ROC_FILE);
    Path logLog = dir.resolve("nested/" + Plots.ROC_LOG_FILE); // parent folders are created
    Plots.roc(linear, attacks, false);
    Plots.roc(logLog, attacks, true);
    assertPng(linear, Plots.WIDTH, Plots.HEIGHT);
    assertPng(logLog, Plots.WIDTH, Plots.HEIGHT);
  }

  @Test
  void rocOfAPerfectAndOfAConstantAttackStillDraws() throws IOException {
    // a perfect separator reaches TPR 1 at FPR 0 (clipped to the floor on log axes); constant scores are one
    // diagonal segment
    List<AttackScores.Row> perfect = List.of(new AttackScores.Row("a", "ORIGINAL", true, 1),
        new AttackScores.Row("b", "ORIGINAL", false, 0));
    List<AttackScores.Row> constant = List.of(new AttackScores.Row("a", "ORIGINAL", true, 0.5),
        new AttackScores.Row("b", "AUGMENTED", false, 0.5));
    List<AttackScores> odd = List.of(new AttackScores("perfect", "none", perfect),
        new AttackScores("constant", "none", constant));
    Path file = dir.resolve("odd.png");
    Plots.roc(file, odd, true);
    assertPng(file, Plots.WIDTH, Plots.HEIGHT);
    Plots.scoreHistogram(file, odd);
    assertPng(file, 2 * Plots.PANEL_WIDTH, -1);
  }

  @Test
  void scoreHistogramsAreAGridOfPanels() throws IOException {
    Path file = dir.resolve(Plots.SCORE_HISTOGRAM_FILE);
    Plots.scoreHistogram(file, attacks);
    // 4 attacks: 3 columns, 2 rows of panels under a header
    BufferedImage image = assertPng(file, 3 * Plots.PANEL_WIDTH, -1);
    assertTrue(image.getHeight() > 2 * Plots.PANEL_HEIGHT && image.getHeight() < 3 * Plots.PANEL_HEIGHT,
        "height " + image.getHeight());
  }

  @Test
  void tsneScatterIsAPng() throws IOException {
    Random random = new Random(1);
    double[][] embedding = new double[300][];
    boolean[] members = new boolean[300];
    for (int i = 0; i < embedding.length; i++) {
      members[i] = i % 3 == 0;
      embedding[i] = new double[] {random.nextGaussian() * 20 + (members[i] ? 15 : 0), random.nextGaussian() * 20};
    }
    Path file = dir.resolve(Plots.TSNE_FILE);
    Plots.tsne(file, embedding, members, "t-SNE of target score vectors");
    BufferedImage image = assertPng(file, Plots.WIDTH, Plots.HEIGHT);
    // members red, non-members blue: both kinds of marker pixels are there
    assertTrue(count(image, true) > 100, "no red member markers");
    assertTrue(count(image, false) > 100, "no blue non-member markers");
  }

  @Test
  void badInputIsRejected() {
    Path file = dir.resolve("x.png");
    assertThrows(IllegalArgumentException.class, () -> Plots.roc(file, List.of(), false));
    assertThrows(IllegalArgumentException.class, () -> Plots.roc(null, attacks, false));
    assertThrows(IllegalArgumentException.class, () -> Plots.scoreHistogram(file, null));
    AttackScores onlyMembers = new AttackScores("a", "none",
        List.of(new AttackScores.Row("m", "ORIGINAL", true, 0.3)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Plots.roc(file, List.of(onlyMembers), true));
    assertTrue(e.getMessage().contains("a / none") && e.getMessage().contains("only members"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Plots.scoreHistogram(file, List.of(new AttackScores("a", "none", List.of()))));

    double[][] two = {{0, 1}, {2, 3}};
    assertThrows(IllegalArgumentException.class, () -> Plots.tsne(file, two, new boolean[] {true}, "t"));
    assertThrows(IllegalArgumentException.class, () -> Plots.tsne(file, two, new boolean[] {true, false}, " "));
    assertThrows(IllegalArgumentException.class,
        () -> Plots.tsne(file, new double[][] {{0, 1}, {Double.NaN, 3}}, new boolean[] {true, false}, "t"));
    assertThrows(IllegalArgumentException.class,
        () -> Plots.tsne(file, new double[][] {{0, 1, 2}}, new boolean[] {true}, "t"));
    assertThrows(IllegalArgumentException.class, () -> Plots.tsne(file, new double[0][], new boolean[0], "t"));
    assertTrue(Files.notExists(file), "nothing is written on bad input");
  }

  private static BufferedImage assertPng(Path file, int width, int height) throws IOException {
    assertTrue(Files.size(file) > 1000, file + " is (nearly) empty");
    byte[] magic = new byte[8];
    try (var in = Files.newInputStream(file)) {
      assertEquals(8, in.read(magic));
    }
    assertEquals((byte) 0x89, magic[0]);
    assertEquals("PNG", new String(magic, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, file + " does not decode as an image");
    assertEquals(width, image.getWidth());
    if (height > 0) {
      assertEquals(height, image.getHeight());
    }
    return image;
  }

  private static int count(BufferedImage image, boolean red) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
        if (red ? r > 180 && g < 140 && b < 140 : b > 150 && r < 130 && g < 190 && b - r > 60) {
          count++;
        }
      }
    }
    return count;
  }
}
