package org.centralita.dialer.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.centralita.dialer.DialerException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws occupancy against abandonment, one series per algorithm and one point per scenario, as a PNG. */
public final class PacingPlot {

    private PacingPlot() {}

    /** Writes the plot of {@code summaries} to {@code png}, with a dashed line at the abandon cap. */
    public static void write(List<AlgorithmSummary> summaries, double abandonCap, Path png) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(600)
                .title("Occupancy against abandonment (one point per scenario)")
                .xAxisTitle("abandon rate, % of people answered (AMD false-machine counted)")
                .yAxisTitle("occupancy, % of logged-in time talking")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(true);
        Map<String, List<AlgorithmSummary>> byAlgorithm = new LinkedHashMap<>();
        double maxAbandon = abandonCap * 100;
        for (AlgorithmSummary s : summaries) {
            byAlgorithm.computeIfAbsent(s.algorithm(), k -> new ArrayList<>()).add(s);
            maxAbandon = Math.max(maxAbandon, 100 * s.abandonRate());
        }
        for (Map.Entry<String, List<AlgorithmSummary>> e : byAlgorithm.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (AlgorithmSummary s : e.getValue()) {
                x.add(Math.max(0.1, 100 * s.abandonRate()));
                y.add(100 * s.occupancy());
            }
            chart.addSeries(e.getKey(), x, y);
        }
        XYSeries cap = chart.addSeries(
                "cap " + Math.round(abandonCap * 1000) / 10.0 + "%",
                new double[] {abandonCap * 100, abandonCap * 100},
                new double[] {40, 100});
        cap.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        cap.setMarker(SeriesMarkers.NONE);
        cap.setLineColor(Color.RED);
        cap.setLineStyle(
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new DialerException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }
}
