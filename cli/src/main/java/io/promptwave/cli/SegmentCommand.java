package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.DecodeOptions;
import io.promptwave.audio.decode.PcmStream;
import io.promptwave.audio.segment.SegmenterConfig;
import io.promptwave.audio.segment.SpeechSegment;
import io.promptwave.audio.segment.SpeechSegmenter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promptwave segment}: find the speech in long recordings. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Find speech segments in audio files by frame energy against the noise floor.",
            "Prints one line per segment (start and end in seconds), or one JSON object per file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input was processed", "1:an input failed", "2:bad usage"})
final class SegmentCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        text, jsonl
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "text or jsonl. Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = "--min-speech", defaultValue = "0.25", description = "Shortest speech kept, seconds. Default: ${DEFAULT-VALUE}.")
    private double minSpeech;

    @Option(names = "--min-silence", defaultValue = "0.3", description = "Shortest pause that splits, seconds. Default: ${DEFAULT-VALUE}.")
    private double minSilence;

    @Option(names = "--max-segment", defaultValue = "20", description = "Longest segment, seconds. Default: ${DEFAULT-VALUE}.")
    private double maxSegment;

    @Option(names = "--padding", defaultValue = "0.1", description = "Silence kept on each side, seconds. Default: ${DEFAULT-VALUE}.")
    private double padding;

    @Option(names = "--threshold-db", description = "Fixed speech threshold in dBFS instead of noise floor + 15 dB.")
    private Double thresholdDb;

    @Option(names = "--max-duration", defaultValue = "86400", description = "Refuse inputs longer than this many seconds. Default: ${DEFAULT-VALUE}.")
    private double maxDuration;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audio files.")
    private List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SpeechSegmenter segmenter;
        AudioDecoder decoder;
        try {
            SegmenterConfig.Builder config = SegmenterConfig.builder().optMinSpeech(minSpeech)
                    .optMinSilence(minSilence).optMaxSegment(maxSegment).optPadding(padding);
            if (thresholdDb != null) {
                config.optThresholdDb(thresholdDb);
            }
            segmenter = new SpeechSegmenter(config.build());
            decoder = new AudioDecoder(DecodeOptions.builder().optMaxDurationSeconds(maxDuration).build());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int failed = 0;
        for (Path input : inputs) {
            try (PcmStream stream = decoder.open(input)) {
                List<SpeechSegment> segments = segmenter.segment(stream);
                if (format == Format.text) {
                    for (SpeechSegment s : segments) {
                        out.printf(Locale.ROOT, "%s\t%.3f\t%.3f%n", input, s.start(), s.end());
                    }
                } else {
                    out.println(json(input, segments));
                }
            } catch (AudioFormatException | IOException e) {
                failed++;
                err.println("promptwave segment: " + PromptwaveCommand.describe(e));
            }
        }
        out.flush();
        return failed == 0 ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    private static String json(Path input, List<SpeechSegment> segments) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonWriter json = new JsonWriter(line)) {
            json.beginObject().name("audio").value(input.toString()).name("segments").beginArray();
            for (SpeechSegment s : segments) {
                json.beginObject().name("start").value(s.start()).name("end").value(s.end()).endObject();
            }
            json.endArray().endObject();
        }
        return line.toString();
    }
}
