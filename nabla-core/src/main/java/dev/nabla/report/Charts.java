package dev.nabla.report;

import dev.nabla.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG figures of the lab, drawn with XChart: line charts (learning curves, with error bars for
 * mean ± std), grouped bar charts (a metric per configuration) and heat maps (confusion matrices).
 * Charts render to images so that panels can be combined; {@link #writePng} writes atomically.
 */
public final class Charts {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 440;

    private Charts() {}

    /** A line chart of the given series. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        if (series.stream().allMatch(s -> s.x().length == 0)) {
            chart.addSeries("no data", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        for (Series s : series) {
            if (s.x().length == 0) {
                continue;
            }
            XYSeries xy = s.std() == null
                    ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.std());
            xy.setMarker(s.x().length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            xy.setLineStyle(new BasicStroke(1.6f));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Curves of several runs in one chart, one colour per run: {@code solid.get(i)} and, if given,
     * {@code dashed.get(i)} (e.g. run i's test and training curves) share a colour, and the legend names
     * the solid ones. The legend sits where curves seldom are: lower right when they rise (accuracy),
     * upper right when they fall (loss), outside for more than eight runs.
     *
     * @param dashed empty, or one series per solid one
     */
    public static BufferedImage compare(String title, String xLabel, String yLabel, List<Series> solid,
            List<Series> dashed) {
        if (!dashed.isEmpty() && dashed.size() != solid.size()) {
            throw new IllegalArgumentException("compare: " + solid.size() + " solid series but " + dashed.size()
                    + " dashed ones; give one dashed series per solid one, or none");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(solid.size() > 8 ? Styler.LegendPosition.OutsideE
                : rising(solid) ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        Color[] palette = chart.getStyler().getSeriesColors();
        BasicStroke dash = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f);
        for (int i = 0; i < solid.size(); i++) {
            Color color = palette[i % palette.length];
            Series s = solid.get(i);
            if (s.x().length == 0) {
                throw new IllegalArgumentException("compare: series '" + s.name() + "' has no points");
            }
            XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
            line.setLineColor(color);
            line.setMarkerColor(color);
            line.setLineStyle(new BasicStroke(1.8f));
            line.setMarker(s.x().length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (!dashed.isEmpty()) {
                Series d = dashed.get(i);
                XYSeries other = chart.addSeries(d.name(), d.x(), d.y());
                other.setLineColor(color);
                other.setLineStyle(dash);
                other.setMarker(SeriesMarkers.NONE);
                other.setShowInLegend(false);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Whether the curves end higher than they start, on the whole. */
    private static boolean rising(List<Series> series) {
        double change = 0;
        for (Series s : series) {
            if (s.y().length > 1) {
                change += s.y()[s.y().length - 1] - s.y()[0];
            }
        }
        return change > 0;
    }

    /**
     * Bars of one value per category, one colour per group: {@code values.get(group).get(category)}
     * (e.g. test accuracy per layer layout, grouped by optimizer).
     */
    public static BufferedImage bars(String title, String xLabel, String yLabel, List<String> categories,
            Map<String, Map<String, Double>> values) {
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        boolean rotate = categories.size() > 6 || longest > 12;
        // Rotated labels take height of their own (about 5 px per character at 45°): the bars keep theirs.
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, 60 * categories.size() + 200))
                .height(HEIGHT + (rotate ? 5 * longest : 0)).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(rotate ? 45 : 0);
        values.forEach((group, byCategory) -> {
            List<Double> ys = new ArrayList<>();
            for (String c : categories) {
                ys.add(byCategory.getOrDefault(c, 0.0));
            }
            chart.addSeries(group, categories, ys);
        });
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** A heat map of {@code counts[row][col]} (rows: true class, columns: predicted class). */
    public static BufferedImage heatMap(String title, String xLabel, String yLabel, List<String> labels,
            int[][] counts) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH + 80).height(HEIGHT + 80).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        // XChart's default spacing hint (74 px) drops every other class name; each cell gets a label.
        chart.getStyler().setXAxisTickMarkSpacingHint(8);
        chart.getStyler().setYAxisTickMarkSpacingHint(8);
        chart.getStyler().setXAxisLabelRotation(labels.size() > 6 ? 45 : 0);
        List<Number[]> cells = new ArrayList<>();
        List<String> rows = new ArrayList<>(labels);
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < counts[r].length; c++) {
                // XChart draws the first row at the bottom; flip so the matrix reads top-down.
                cells.add(new Number[] {c, counts.length - 1 - r, counts[r][c]});
            }
        }
        java.util.Collections.reverse(rows);
        chart.addSeries(title, labels, rows, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
    }

    /** Panels next to each other (e.g. loss | accuracy), on a white background. */
    public static BufferedImage sideBySide(BufferedImage... panels) {
        int w = 0;
        int h = 0;
        for (BufferedImage p : panels) {
            w += p.getWidth();
            h = Math.max(h, p.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        return out;
    }

    /** Writes a PNG atomically (a killed run never leaves half an image). */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
