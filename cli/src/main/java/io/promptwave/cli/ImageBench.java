package io.promptwave.cli;

import io.promptwave.features.InputFormatException;
import io.promptwave.vision.Image;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import io.promptwave.vision.decode.ImageDecoder;
import io.promptwave.vision.preprocess.LineNormalizer;
import io.promptwave.vision.preprocess.PatchExtractor;
import io.promptwave.vision.preprocess.PixelNormalization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The image half of {@code promptwave bench}: images per second through the vision front-end on
 * the calling thread, for each image held in memory as its file's bytes. Three rows per image:
 * decoding alone; decoding, normalising the line to 32 pixels high and cutting 4-pixel column
 * patches (what reading a text line costs before the model); the same with deskewing; and, as the
 * peer measured in the same run, the JDK's ImageIO decoding the same bytes.
 */
final class ImageBench {
    private final PrintWriter out;
    private final BenchCommand.Timer timer;

    ImageBench(PrintWriter out, BenchCommand.Timer timer) {
        this.out = out;
        this.timer = timer;
    }

    int run(List<Path> files) throws InputFormatException, IOException {
        ImageDecoder decoder = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build());
        LineNormalizer plain = LineNormalizer.builder().height(32).build();
        LineNormalizer deskewing = LineNormalizer.builder().height(32).deskew(5).build();
        PatchExtractor patches = PatchExtractor.columns(4, 4, PixelNormalization.centred());
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            Image image = decoder.decode(bytes, name);
            int frames = patches.extract(plain.normalize(image)).frames();
            out.printf(Locale.ROOT, "%s: %d bytes, %d x %d, %d patch columns at height 32%n", file, bytes.length,
                    image.width(), image.height(), frames);
            report(name, "decode", timer.perSecond(() -> decoder.decode(bytes, name)));
            report(name, "decode + normalise + patches", timer.perSecond(
                    () -> patches.extract(plain.normalize(decoder.decode(bytes, name)))));
            report(name, "decode + deskew + normalise + patches", timer.perSecond(
                    () -> patches.extract(deskewing.normalize(decoder.decode(bytes, name)))));
            // the peer in the same run: the JDK's own decoder, to a BufferedImage in its stored colours
            report(name, "peer: javax.imageio decode", timer.perSecond(
                    () -> javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes))));
        }
        return 0;
    }

    private void report(String name, String what, double perSecond) {
        out.printf(Locale.ROOT, "  %-40s %9.0f images/s%n", what, perSecond);
        out.flush();
    }
}
