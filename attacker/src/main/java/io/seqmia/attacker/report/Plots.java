package io.seqmia.attacker.report;

import io.seqmia.attacker.Metrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures as PNG (XChart, rendered headless): ROC curves (linear and log-log), score
 * distributions of members against non-members, and the t-SNE map of score vectors.
 */
public final class Plots {

  static {
    // render off-screen on servers without a display; an explicit setting wins
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  public static final String ROC_FILE = "roc.png";
  public static final String ROC_LOG_FILE = "roc-log.png";
  public static final String SCORE_HISTOGRAM_FILE = "score-hist.png";
  public static final String TSNE_FILE = "tsne.png";
  public static final int WIDTH = 900;
  public static final int HEIGHT = 750;
  /** Lowest rate shown on log axes (Carlini et al. plot from 1e-4 or 1e-5); lower when 1/n is lower. */
  public static final double LOG_AXIS_FLOOR = 1e-4;
  /** One histogram panel. */
  public static final int PANEL_WIDTH = 600;
  public static final int PANEL_HEIGHT = 430;
  public static final int MAX_PANEL_COLUMNS = 3;
  static final int MAX_BINS = 40;
  static final int MIN_BINS = 10;

  private static final Color MEMBER = new Color(214, 39, 40);
  private static final Color NON_MEMBER = new Color(31, 119, 180);
  private static final Color AUGMENTED = new Color(255, 127, 14);
  private static final Color CHANCE = Color.GRAY;
  /** Curve colours (the "tab10" palette), repeated with another dash pattern past ten curves. */
  private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
      new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
      new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
  private static final int HEADER_HEIGHT = 50;
  private static final float CURVE_WIDTH = 2.2f;

  private Plots() {}

  /**
   * ROC curves, one per attack and mode, against all of its non-members, with the chance diagonal.
   * {@code logLog}: both axes logarithmic from {@link #LOG_AXIS_FLOOR} (or 1/n when smaller) to 1, rates of 0
   * drawn at that floor, so the low-FPR region that matters for membership inference is visible.
   */
  public static void roc(Path file, List<AttackScores> all, boolean logLog) {
    requireScores(file, all);
    List<Metrics.RocCurve> curves = new ArrayList<>();
    long largestClass = 1;
    for (AttackScores scores : all) {
      try {
        curves.add(Metrics.rocCurve(scores.scores(), scores.members()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ROC of " + scores.label() + ": " + e.getMessage(), e);
      }
      largestClass = Math.max(largestClass, Math.max(scores.memberCount(), scores.nonMemberCount()));
    }
    double floor = Math.min(LOG_AXIS_FLOOR, 1.0 / largestClass);
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(logLog ? "ROC curves, log-log (low false-positive region)" : "ROC curves")
        .xAxisTitle("False positive rate (non-members called members)")
        .yAxisTitle("True positive rate (members found)").build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    if (logLog) {
      chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
      chart.getStyler().setXAxisMin(floor).setXAxisMax(1.0).setYAxisMin(floor).setYAxisMax(1.0);
      chart.getStyler().setXAxisDecimalPattern("0.########").setYAxisDecimalPattern("0.########");
    } else {
      chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
      chart.getStyler().setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
      anchor(chart, 0, 1, 0, 1);
    }
    for (int k = 0; k < all.size(); k++) {
      AttackScores scores = all.get(k);
      Metrics.RocCurve curve = curves.get(k);
      double[] fpr = curve.fpr(), tpr = curve.tpr();
      if (logLog) {
        fpr = clipped(fpr, floor);
        tpr = clipped(tpr, floor);
      }
      String name = String.format(Locale.ROOT, "%s (AUC %.3f, %d vs %d)", scores.label(), curve.area(),
          scores.memberCount(), scores.nonMemberCount());
      XYSeries series = chart.addSeries(name, fpr, tpr);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(PALETTE[k % PALETTE.length]);
      series.setLineStyle(k < PALETTE.length ? new BasicStroke(CURVE_WIDTH)
          : new BasicStroke(CURVE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 4}, 0));
    }
    double low = logLog ? floor : 0;
    XYSeries chance = chart.addSeries("chance", new double[] {low, 1}, new double[] {low, 1});
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineColor(CHANCE);
    chance.setLineStyle(SeriesLines.DASH_DASH);
    save(chart, file);
  }

  /**
   * The training curves: loss per epoch of each series (target and shadow, train and held-out), as MODEL_TRAINED
   * carried them. A widening gap between train and held-out loss is the overfitting the attack exploits.
   */
  public static void trainingCurves(Path file, Map<String, List<Double>> series) {
    if (series == null || series.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot: no training curves");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Training curves")
        .xAxisTitle("Epoch").yAxisTitle("Loss (mean NLL per predicted item, nats)").build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    int k = 0;
    for (Map.Entry<String, List<Double>> e : new java.util.TreeMap<>(series).entrySet()) {
      double[] x = new double[e.getValue().size()];
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = i + 1;
        y[i] = e.getValue().get(i);
      }
      if (x.length == 0) {
        continue;
      }
      boolean shadow = e.getKey().startsWith(io.seqmia.schemas.ControlAttributes.SHADOW_PREFIX);
      XYSeries line = chart.addSeries((shadow ? "" : "target.") + e.getKey(), x, y);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(PALETTE[k++ % PALETTE.length]);
      line.setLineStyle(shadow ? SeriesLines.DASH_DASH : new BasicStroke(CURVE_WIDTH));
    }
    save(chart, file);
  }

  /**
   * Score distributions per attack and mode, one panel each in a grid: members, original non-members and
   * (when present) augmented non-members as outline histograms, each normalised to its own count so groups
   * of different sizes compare.
   */
  public static void scoreHistogram(Path file, List<AttackScores> all) {
    requireScores(file, all);
    for (AttackScores scores : all) {
      if (scores.rows().isEmpty()) {
        throw new IllegalArgumentException("score histogram of " + scores.label() + ": no scores");
      }
    }
    int columns = Math.min(MAX_PANEL_COLUMNS, all.size());
    int rows = (all.size() + columns - 1) / columns;
    BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, HEADER_HEIGHT + rows * PANEL_HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      String header = "Attack scores: members vs non-members (share of each group per bin)";
      g.drawString(header, (image.getWidth() - g.getFontMetrics().stringWidth(header)) / 2, 32);
      for (int k = 0; k < all.size(); k++) {
        XYChart panel = histogramPanel(all.get(k));
        g.drawImage(BitmapEncoder.getBufferedImage(panel), (k % columns) * PANEL_WIDTH,
            HEADER_HEIGHT + (k / columns) * PANEL_HEIGHT, null);
      }
    } finally {
      g.dispose();
    }
    write(image, file);
  }

  /**
   * A t-SNE map of score vectors (rows of {x, y}), members red and non-members blue, as the seed paper's
   * Figure 4. The larger group is drawn first so the smaller one stays visible.
   */
  public static void tsne(Path file, double[][] embedding, boolean[] members, String title) {
    if (file == null || embedding == null || members == null) {
      throw new IllegalArgumentException("t-SNE plot needs a file, an embedding and membership labels");
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("t-SNE plot needs a title");
    }
    if (embedding.length != members.length || embedding.length == 0) {
      throw new IllegalArgumentException("t-SNE plot needs one label per point and at least one point, got "
          + embedding.length + " points and " + members.length + " labels");
    }
    List<Double> mx = new ArrayList<>(), my = new ArrayList<>(), nx = new ArrayList<>(), ny = new ArrayList<>();
    for (int i = 0; i < embedding.length; i++) {
      double[] point = embedding[i];
      if (point == null || point.length != 2 || !Double.isFinite(point[0]) || !Double.isFinite(point[1])) {
        throw new IllegalArgumentException("t-SNE point " + i + " must be two finite coordinates");
      }
      (members[i] ? mx : nx).add(point[0]);
      (members[i] ? my : ny).add(point[1]);
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("t-SNE dimension 1").yAxisTitle("t-SNE dimension 2").build();
    style(chart);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    boolean membersFirst = mx.size() >= nx.size();
    if (membersFirst) {
      scatter(chart, "members (" + mx.size() + ")", mx, my, MEMBER);
      scatter(chart, "non-members (" + nx.size() + ")", nx, ny, NON_MEMBER);
    } else {
      scatter(chart, "non-members (" + nx.size() + ")", nx, ny, NON_MEMBER);
      scatter(chart, "members (" + mx.size() + ")", mx, my, MEMBER);
    }
    save(chart, file);
  }

  private static void scatter(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
    if (x.isEmpty()) {
      return; // XChart rejects empty series; the legend then lacks the group, which is the truth
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
  }

  private static XYChart histogramPanel(AttackScores scores) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (AttackScores.Row row : scores.rows()) {
      if (Double.isFinite(row.score())) {
        min = Math.min(min, row.score());
        max = Math.max(max, row.score());
      }
    }
    if (min > max) { // no finite score: nothing sensible to bin, show them at 0
      min = -1;
      max = 1;
    } else if (min == max) {
      min -= 0.5;
      max += 0.5;
    }
    int bins = Math.max(MIN_BINS, Math.min(MAX_BINS, (int) Math.ceil(Math.sqrt(scores.rows().size()))));
    XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(scores.label())
        .xAxisTitle("attack score (higher = more likely member)").yAxisTitle("share of group").build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    // 11 pt keeps three legend entries with their counts inside a panel's width.
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    anchor(chart, min, max, 0, 1.0 / bins);
    addOutline(chart, scores, true, null, "members", MEMBER, min, max, bins);
    boolean anyAugmented = scores.rows().stream().anyMatch(r -> !r.member() && AttackScores.AUGMENTED.equals(r.variant()));
    addOutline(chart, scores, false, AttackScores.ORIGINAL, anyAugmented ? "original non-members" : "non-members",
        NON_MEMBER, min, max, bins);
    addOutline(chart, scores, false, AttackScores.AUGMENTED, "augmented", AUGMENTED, min, max, bins);
    return chart;
  }

  /** A staircase outline of the group's histogram; infinite scores land in the end bins. */
  private static void addOutline(XYChart chart, AttackScores scores, boolean member, String variant, String name,
      Color color, double min, double max, int bins) {
    long[] counts = new long[bins];
    long total = 0;
    for (AttackScores.Row row : scores.rows()) {
      if (row.member() != member || (variant != null && !variant.equals(row.variant()))) {
        continue;
      }
      int bin = (int) Math.floor((row.score() - min) / (max - min) * bins);
      counts[Math.max(0, Math.min(bins - 1, bin))]++;
      total++;
    }
    if (total == 0) {
      return;
    }
    double[] x = new double[2 * bins + 2];
    double[] y = new double[2 * bins + 2];
    x[0] = min;
    for (int b = 0; b < bins; b++) {
      double share = (double) counts[b] / total;
      x[2 * b + 1] = min + (max - min) * b / bins;
      x[2 * b + 2] = min + (max - min) * (b + 1) / bins;
      y[2 * b + 1] = share;
      y[2 * b + 2] = share;
    }
    x[2 * bins + 1] = max;
    XYSeries series = chart.addSeries(name + " (" + total + ")", x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
    series.setLineStyle(new BasicStroke(2f));
  }

  /**
   * An invisible first series. XChart 3.8 puts linear-axis ticks on data values, mislabelled, when the
   * distinct values in series order are equally spaced (ROC rates are multiples of 1/n, histogram edges
   * too); leading with both axis ends and a point at the golden section breaks that pattern, so it
   * computes ordinary round ticks.
   */
  private static void anchor(XYChart chart, double x0, double x1, double y0, double y1) {
    double section = (Math.sqrt(5) - 1) / 2;
    XYSeries series = chart.addSeries(" ", new double[] {x0, x1, x0 + section * (x1 - x0)},
        new double[] {y0, y1, y0 + section * (y1 - y0)});
    series.setMarker(SeriesMarkers.NONE);
    series.setLineStyle(SeriesLines.NONE);
    series.setShowInLegend(false);
  }

  private static void style(XYChart chart) {
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAntiAlias(true);
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
  }

  private static double[] clipped(double[] rates, double floor) {
    double[] out = new double[rates.length];
    for (int k = 0; k < rates.length; k++) {
      out[k] = Math.max(rates[k], floor);
    }
    return out;
  }

  private static void requireScores(Path file, List<AttackScores> all) {
    if (file == null) {
      throw new IllegalArgumentException("plot file must not be null");
    }
    if (all == null || all.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot: no attack scores");
    }
    for (AttackScores scores : all) {
      if (scores == null) {
        throw new IllegalArgumentException("attack scores list holds a null entry");
      }
    }
  }

  private static void save(XYChart chart, Path file) {
    try {
      createParent(file);
      try (OutputStream out = Files.newOutputStream(file)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(BufferedImage image, Path file) {
    try {
      createParent(file);
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
