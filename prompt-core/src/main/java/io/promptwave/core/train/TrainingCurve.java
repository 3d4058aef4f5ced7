package io.promptwave.core.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a run's {@code metrics.jsonl} as a self-contained HTML page with two SVG charts: training
 * loss by step and dev CER by epoch. No script, no network: it opens in any browser.
 */
public final class TrainingCurve {
    private TrainingCurve() {
    }

    /**
     * @param metrics the run's metrics log
     * @param html the page to write
     * @throws IOException when reading or writing fails
     */
    public static void write(Path metrics, Path html) throws IOException {
        List<double[]> loss = new ArrayList<>();
        List<double[]> cer = new ArrayList<>();
        if (Files.isRegularFile(metrics)) {
            for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                String type = o.get("type").getAsString();
                if (type.equals("step") && o.has("loss")) {
                    loss.add(new double[] {o.get("step").getAsDouble(), o.get("loss").getAsDouble()});
                } else if (type.equals("epoch")) {
                    // logs written before dev_score was recorded have only dev_cer
                    String figure = o.has("dev_score") ? "dev_score" : "dev_cer";
                    if (o.has(figure)) {
                        cer.add(new double[] {o.get("epoch").getAsDouble(), 100 * o.get(figure).getAsDouble()});
                    }
                }
            }
        }
        String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Training curve</title></head>"
                + "<body style=\"font-family:sans-serif\"><h1>Training curve</h1>"
                + "<h2>Training loss by step</h2>" + chart(loss, "step", "loss")
                + "<h2>Dev score (%) by epoch: CER for transcription and reading, the mean of intent error and "
                + "1 - SLU-F1 for slot filling</h2>" + chart(cer, "epoch", "score %") + "</body></html>\n";
        Files.writeString(html, page, StandardCharsets.UTF_8);
    }

    private static String chart(List<double[]> points, String xLabel, String yLabel) {
        int w = 640;
        int h = 260;
        int pad = 40;
        if (points.isEmpty()) {
            return "<p>no data yet</p>";
        }
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (double[] p : points) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            maxY = Math.max(maxY, p[1]);
        }
        double spanX = Math.max(1e-9, maxX - minX);
        double spanY = Math.max(1e-9, maxY);
        StringBuilder path = new StringBuilder();
        for (double[] p : points) {
            double x = pad + (p[0] - minX) / spanX * (w - 2 * pad);
            double y = h - pad - p[1] / spanY * (h - 2 * pad);
            path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        }
        return String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" style=\"border:1px solid #ccc\">"
                + "<path d=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>"
                + "<text x=\"%d\" y=\"%d\">%s %.0f to %.0f</text><text x=\"4\" y=\"16\">%s 0 to %.3g</text></svg>",
                w, h, path, pad, h - 8, xLabel, minX, maxX, yLabel, maxY);
    }
}
