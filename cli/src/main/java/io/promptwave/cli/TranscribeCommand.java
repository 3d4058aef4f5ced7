package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.decode.AudioTranscriber;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.decode.Word;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promptwave transcribe}: speech to text with the base model. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = {"Transcribe audio files (any format FFmpeg reads, any sample rate) with the model.",
            "Long files are cut at pauses and transcribed piece by piece. One line per file."})
final class TranscribeCommand implements Callable<Integer> {
    /** A group of files is transcribed together once it holds this much audio... */
    private static final double GROUP_SECONDS = 30;
    /** ...or this many files. */
    private static final int GROUP_FILES = 16;

    enum Format {
        text, jsonl
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--language", paramLabel = "CODE", description = "Language token of the <asr> task. Default: the "
            + "prompt's recorded language, else en.")
    private String language;

    @Option(names = "--format", defaultValue = "text",
            description = "text: 'FILE<TAB>transcript'; jsonl: {\"audio\", \"text\", \"confidence\", \"words\"}. Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = "--prompt", paramLabel = "NAME[@V]|DIR",
            description = "Steer the base with this prompt: a prompt directory, or a name under prompts/ beside the model.")
    private String prompt;

    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files.")
    private List<Path> files;

    @Override
    public Integer call() throws ModelFormatException, EngineUnavailableException, IOException,
            PromptMismatchException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = model != null ? model : ModelLocation.defaultBase();
        // located once: the decoding read from the version and the weights loaded are the same version's
        Path version = PromptChoice.locate(prompt, dir);
        DecodingOptions options = decoding.options(spec.commandLine(), dir, version);
        String lang = PromptChoice.language(language, version);
        int failed = 0;
        try (SpeechModel loaded = ModelDirectory.load(dir);
                SoftPrompt steering = version == null ? null : PromptChoice.openFor(prompt, version, loaded, "asr")) {
            checkLanguage(loaded, lang, language == null);
            AudioTranscriber transcriber;
            try {
                transcriber = new AudioTranscriber(loaded, options);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            AudioDecoder decoder = new AudioDecoder();
            // short files are decoded together, one batch per group, which on 2 cores takes half the
            // time of one file at a time; the lines still come out in the order of the files
            List<Decoded> group = new ArrayList<>();
            double seconds = 0;
            for (Path file : files) {
                try {
                    PcmAudio audio = decoder.decode(file, 16000);
                    group.add(new Decoded(file, audio));
                    seconds += audio.durationSeconds();
                } catch (AudioFormatException | IOException e) {
                    failed++;
                    err.println("promptwave transcribe: " + PromptwaveCommand.describe(e));
                }
                if (seconds >= GROUP_SECONDS || group.size() >= GROUP_FILES) {
                    failed += transcribeGroup(transcriber, lang, steering, group, out, err);
                    seconds = 0;
                }
            }
            failed += transcribeGroup(transcriber, lang, steering, group, out, err);
        }
        return failed == 0 ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    /** A decoded input waiting for its group. */
    private record Decoded(Path file, PcmAudio audio) {
    }

    /** Transcribes and prints the group, then empties it; returns how many of its files failed. */
    private int transcribeGroup(AudioTranscriber transcriber, String language, SoftPrompt steering,
            List<Decoded> group, PrintWriter out, PrintWriter err) throws IOException {
        if (group.isEmpty()) {
            return 0;
        }
        List<Transcript> results;
        int failed = 0;
        try {
            results = transcriber.transcribeAll(group.stream().map(Decoded::audio).toList(), language, steering);
        } catch (AudioFormatException e) {
            // one recording the decoder cannot use (too short for a frame) must not cost the others theirs
            results = new ArrayList<>();
            for (Decoded d : group) {
                try {
                    results.add(transcriber.transcribe(d.audio(), language, steering));
                } catch (AudioFormatException alone) {
                    results.add(null);
                    failed++;
                    err.println("promptwave transcribe: " + PromptwaveCommand.describe(alone));
                }
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Transcript t = results.get(i);
            Path file = group.get(i).file();
            if (t != null) {
                out.println(format == Format.jsonl ? json(file, t) : file + "\t" + t.text());
            }
        }
        out.flush();
        group.clear();
        return failed;
    }

    private void checkLanguage(SpeechModel loaded, String language, boolean byDefault) {
        if (!loaded.vocabulary().languages().contains(language)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the model knows the languages "
                    + loaded.vocabulary().languages() + ", not '" + language + "'"
                    + (byDefault && !"en".equals(language) ? " (the prompt's language; give --language)" : ""));
        }
    }

    static String json(Path file, Transcript t) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonWriter json = new JsonWriter(line)) {
            json.beginObject().name("audio").value(file.toString()).name("text").value(t.text())
                    .name("confidence").value(round(t.confidence())).name("words").beginArray();
            for (Word w : t.words()) {
                json.beginObject().name("text").value(w.text());
                if (Double.isFinite(w.start())) {
                    json.name("start").value(round(w.start())).name("end").value(round(w.end()));
                }
                json.name("confidence").value(round(w.confidence())).endObject();
            }
            json.endArray().endObject();
        }
        return line.toString();
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", v));
    }
}
