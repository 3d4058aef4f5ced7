package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.features.FeatureSequence;
import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import io.promptwave.vision.decode.ImageDecoder;
import io.promptwave.vision.decode.ImageFormat;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import io.promptwave.vision.preprocess.TextLineFinder;
import io.promptwave.vision.video.FrameSampling;
import io.promptwave.vision.video.VideoFrame;
import io.promptwave.vision.video.VideoFrameReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promptwave read}: text in images and video frames, with a model that reads images. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Read the text in images (PNG, JPEG, WebP, BMP, TIFF) and in frames of",
            "videos (MP4, WebM, ...) with a model that has an image front-end (pretrain",
            "--image-train). Each picture's text lines are found and read one by one.",
            "One line per image, or per sampled video frame."})
final class ReadCommand implements Callable<Integer> {
    enum Format {
        text, jsonl
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--language", paramLabel = "CODE", description = "Language token of the <ocr> task. Default: the "
            + "prompt's recorded language, else en.")
    private String language;

    @Option(names = "--format", defaultValue = "text",
            description = {"text: 'FILE<TAB>text' (lines joined by ' / '; video frames as FILE@SECONDS);",
                "jsonl: {\"image\", \"text\", \"confidence\"} plus \"time\" for video frames. Default: ${DEFAULT-VALUE}."})
    private Format format;

    @Option(names = "--prompt", paramLabel = "NAME[@V]|DIR",
            description = "Steer the base with this prompt: a prompt directory, or a name under prompts/ beside the model.")
    private String prompt;

    @Option(names = "--fps", defaultValue = "1", description = "Video frames read per second. Default: ${DEFAULT-VALUE}.")
    private double fps;

    @Option(names = "--scene-threshold", paramLabel = "X",
            description = "Read video frames at scene changes instead (0-1; 0.05 notices a new caption) rather than at --fps.")
    private Double sceneThreshold;

    @Option(names = "--max-frames", defaultValue = "1000", description = "Most video frames read per file. Default: ${DEFAULT-VALUE}.")
    private int maxFrames;

    @Option(names = "--deskew", paramLabel = "DEGREES", description = {"Straighten each line turned by up to this "
            + "many degrees before reading (0 to 45; 0: never),", "for photos taken at a slant. Default: the model's "
            + "own setting (the shipped base: 0)."})
    private Double deskew;

    @Option(names = "--max-megapixels", paramLabel = "M", defaultValue = "40", description = "Largest image or video "
            + "frame decoded, in millions of pixels (a 50-megapixel phone photo needs 50). Default: ${DEFAULT-VALUE}.")
    private double maxMegapixels;

    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images and videos.")
    private List<Path> files;

    @Override
    public Integer call() throws ModelFormatException, EngineUnavailableException, IOException,
            PromptMismatchException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FrameSampling sampling;
        try {
            sampling = sceneThreshold != null ? FrameSampling.sceneChanges(sceneThreshold) : FrameSampling.perSecond(fps);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = model != null ? model : ModelLocation.defaultBase();
        LineFeatureExtractor features = ModelDirectory.imageFeatures(dir);
        if (deskew != null) {
            try {
                features = new LineFeatureExtractor(features.height(), features.patchWidth(), deskew);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--deskew: " + e.getMessage());
            }
        }
        long maxPixels = Math.round(Math.min(maxMegapixels, 1e6) * 1e6);
        if (!(maxMegapixels > 0) || maxPixels < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-megapixels must be positive, got "
                    + maxMegapixels);
        }
        ImageDecodeOptions gray = ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).maxPixels(maxPixels).build();
        // located once: the decoding read from the version and the weights loaded are the same version's
        Path version = PromptChoice.locate(prompt, dir);
        DecodingOptions options = decoding.options(spec.commandLine(), dir, version);
        String lang = PromptChoice.language(language, version);
        ImageDecoder decoder = new ImageDecoder(gray);
        TextLineFinder finder = new TextLineFinder(6);
        int failed = 0;
        try (SpeechModel loaded = ModelDirectory.load(dir);
                SoftPrompt steering = version == null ? null : PromptChoice.openFor(prompt, version, loaded, "ocr")) {
            Reader reader = new Reader(new Transcriber(loaded, options), features, finder, steering, lang);
            for (Path file : files) {
                try {
                    if (isImage(file)) {
                        print(out, file.toString(), Double.NaN, reader.read(decoder.decode(file)));
                    } else {
                        try (VideoFrameReader video = VideoFrameReader.open(file, sampling, gray)) {
                            int frames = 0;
                            for (VideoFrame frame = video.next(); frame != null; frame = video.next()) {
                                if (++frames > maxFrames) {
                                    throw new ImageFormatException(file.toString(), "more than " + maxFrames
                                            + " frames at " + sampling + " (raise --max-frames or sample less often)");
                                }
                                print(out, file.toString(), frame.timeSeconds(), reader.read(frame.image()));
                            }
                        }
                    }
                } catch (ImageFormatException | IOException e) {
                    failed++;
                    err.println("promptwave read: " + PromptwaveCommand.describe(e));
                }
            }
        }
        return failed == 0 ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    /** Finds a picture's lines and reads them in one batch. */
    private record Reader(Transcriber transcriber, LineFeatureExtractor features, TextLineFinder finder,
            SoftPrompt steering, String language) {
        List<Transcript> read(Image picture) throws ImageFormatException {
            List<FeatureSequence> lines = new ArrayList<>();
            for (TextLineFinder.Line line : finder.find(picture)) {
                lines.add(features.extract(line.crop(picture)));
            }
            if (lines.isEmpty()) {
                return List.of();
            }
            return transcriber.read(lines, language, Collections.nCopies(lines.size(), steering));
        }
    }

    private void print(PrintWriter out, String file, double time, List<Transcript> lines) throws IOException {
        String text = String.join("\n", lines.stream().map(Transcript::text).toList());
        double confidence = lines.stream().mapToDouble(Transcript::confidence).average().orElse(0);
        if (format == Format.text) {
            String label = Double.isNaN(time) ? file : String.format(Locale.ROOT, "%s@%.2f", file, time);
            out.println(label + "\t" + text.replace("\n", " / "));
            return;
        }
        StringWriter line = new StringWriter();
        try (JsonWriter json = new JsonWriter(line)) {
            json.beginObject().name("image").value(file);
            if (!Double.isNaN(time)) {
                json.name("time").value(Math.round(time * 1000) / 1000.0);
            }
            json.name("text").value(text).name("confidence").value(Math.round(confidence * 1000) / 1000.0);
            json.endObject();
        }
        out.println(line);
    }

    /** An image by its bytes, or by a still-image name (so a damaged PNG is named as a bad image, not a bad video). */
    private static boolean isImage(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(png|jpe?g|webp|bmp|tiff?)")) {
            return true;
        }
        if (!Files.isRegularFile(file)) {
            return false; // the video reader names what is wrong with it
        }
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return ImageFormat.sniff(head, n) != null;
    }
}
