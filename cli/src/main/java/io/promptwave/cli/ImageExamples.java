package io.promptwave.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.features.FeatureSequence;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import io.promptwave.vision.decode.ImageDecoder;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Text-line manifests ({@code {"id","image","text","lang"}}, as {@code corpus lines} writes them) to
 * {@code <ocr>} examples: each image decoded and cut into the model's line features.
 */
final class ImageExamples {
    private ImageExamples() {
    }

    /** One manifest line: the image, resolved against the manifest's folder, and its text. */
    record Line(String id, Path image, String text, String lang) {
    }

    /**
     * @param manifest a text-line manifest
     * @return its lines
     * @throws IOException when the manifest cannot be read or a line is malformed (named with its number)
     */
    static List<Line> lines(Path manifest) throws IOException {
        List<Line> out = new ArrayList<>();
        Path base = manifest.toAbsolutePath().getParent();
        int number = 0;
        for (String raw : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            number++;
            if (raw.isBlank()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(raw).getAsJsonObject();
                if (!o.has("id") || !o.has("image") || !o.has("text")) {
                    throw new IOException(manifest + ":" + number + ": a text-line entry needs id, image and text");
                }
                out.add(new Line(o.get("id").getAsString(), base.resolve(o.get("image").getAsString()),
                        o.get("text").getAsString(), o.has("lang") ? o.get("lang").getAsString() : "en"));
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                throw new IOException(manifest + ":" + number + ": not a JSON object (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    /**
     * @param manifests text-line manifests, read in order
     * @param limit how many lines to take from the start (0: all)
     * @return their lines
     * @throws IOException as {@link #lines(Path)}
     */
    static List<Line> lines(List<Path> manifests, int limit) throws IOException {
        List<Line> out = new ArrayList<>();
        for (Path manifest : manifests) {
            out.addAll(lines(manifest));
        }
        return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
    }

    /**
     * Features of every line, in parallel; an unreadable image is reported and skipped.
     *
     * @return the usable lines as {@code <ocr> <lang>} examples with CTC labels, in order
     */
    static List<TrainingExample> read(Vocabulary vocabulary, List<Line> lines, LineFeatureExtractor extractor,
            PrintWriter err, String command) {
        ImageDecoder decoder = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build());
        TrainingExample[] out = new TrainingExample[lines.size()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, lines.size()).parallel().forEach(i -> {
            Line line = lines.get(i);
            try {
                FeatureSequence features = extractor.extract(decoder.decode(line.image()));
                int[] prefix = {Vocabulary.OCR, vocabulary.language(line.lang())};
                out[i] = new TrainingExample(line.id(), features, prefix, vocabulary.encode(line.text()), true);
            } catch (ImageFormatException | IOException | IllegalArgumentException e) {
                synchronized (err) {
                    err.println(command + ": skipping " + line.id() + ": " + PromptwaveCommand.describe(e));
                }
            }
            int n = done.incrementAndGet();
            if (n % 5000 == 0) {
                synchronized (err) {
                    err.printf(Locale.ROOT, "%s: line images %,d / %,d%n", command, n, lines.size());
                    err.flush();
                }
            }
        });
        List<TrainingExample> list = new ArrayList<>();
        for (TrainingExample e : out) {
            if (e != null) {
                list.add(e);
            }
        }
        return list;
    }
}
