package io.promptwave.cli;

import com.google.gson.stream.JsonWriter;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.RecordingPieces;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.SlotDecoding;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.slots.Understander;
import io.promptwave.core.slots.Understanding;
import io.promptwave.corpus.CorpusException;
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

/** {@code promptwave understand}: spoken commands to intent and slots with a slot-filling prompt. */
@Command(name = "understand", mixinStandardHelpOptions = true,
        description = {"Read spoken commands: the transcript, the intent (SLURP's scenario_action) with its confidence and",
            "ranking, and the slots with character spans, audio times and confidences. One JSON object per file.",
            "The labels come from the slot prompt (or --schema for a model fine-tuned for slots)."})
final class UnderstandCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--prompt", paramLabel = "NAME[@V]|DIR",
            description = "A slot-filling prompt: a prompt directory, or a name under prompts/ beside the model.")
    private String prompt;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "Task schema; needed only for a model that records no labels (fine-tuned for slots before they were recorded).")
    private Path schemaFile;

    @CommandLine.Mixin
    private SlotDecodingFlags slotDecoding;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (one object per line). Default: ${DEFAULT-VALUE}.")
    private String format;

    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files, one command each (at most 20 s).")
    private List<Path> files;

    @Override
    public Integer call() throws ModelFormatException, EngineUnavailableException, IOException,
            PromptMismatchException, CorpusException {
        if (!format.equals("jsonl")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --format '" + format + "': jsonl");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = model != null ? model : ModelLocation.defaultBase();
        // located once: the decoding read from the version and the weights loaded are the same version's
        Path version = PromptChoice.locate(prompt, dir);
        PromptDecoding recommended = PromptChoice.recommended(version);
        DecodingOptions options = decoding.options(spec.commandLine(), dir, version);
        int failed = 0;
        try (SpeechModel loaded = ModelDirectory.load(dir)) {
            PromptDirectory.Loaded chosen = version == null ? null : PromptChoice.open(version, loaded);
            try (SoftPrompt steering = chosen == null ? null : chosen.prompt()) {
                Understander understander = understander(loaded,
                        SlotTask.schema(schemaFile, chosen, dir, slotDecoding.intentPosition(spec.commandLine()),
                        spec.commandLine()), options, recommended);
                AudioDecoder decoder = new AudioDecoder();
                RecordingPieces commands = new RecordingPieces();
                for (Path file : files) {
                    try {
                        PcmAudio audio = decoder.decode(file, 16000);
                        Understanding u = understander.understand(List.of(commands.command(audio)),
                                java.util.Collections.singletonList(steering)).get(0);
                        out.println(json(file.toString(), u));
                        out.flush();
                    } catch (AudioFormatException | IOException e) {
                        failed++;
                        err.println("promptwave understand: " + PromptwaveCommand.describe(e));
                    }
                }
            }
        }
        return failed == 0 ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
    }

    private Understander understander(SpeechModel loaded, SlotSchema schema, DecodingOptions options,
            PromptDecoding recommended) {
        SlotDecoding chosen = slotDecoding.decoding(spec.commandLine(), options, recommended,
                schema.intentPosition());
        try {
            return new Understander(loaded, schema, chosen);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** @return the JSON line of one understanding (SLURP and Rasa field names) */
    static String json(String audio, Understanding u) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonWriter json = new JsonWriter(line)) {
            json.beginObject().name("audio").value(audio).name("text").value(u.text()).name("intent").value(u.intent())
                    .name("intent_confidence").value(round(u.intentConfidence())).name("scenario").value(u.scenario())
                    .name("action").value(u.action()).name("slots").beginArray();
            for (Understanding.FilledSlot s : u.slots()) {
                json.beginObject().name("type").value(s.type()).name("value").value(s.value()).name("start")
                        .value(s.start()).name("end").value(s.end());
                if (Double.isFinite(s.audioStart())) {
                    json.name("audio_start").value(round(s.audioStart())).name("audio_end").value(round(s.audioEnd()));
                }
                json.name("confidence").value(round(s.confidence())).endObject();
            }
            json.endArray().name("intent_ranking").beginArray();
            for (Understanding.IntentScore r : u.intentRanking().subList(0, Math.min(5, u.intentRanking().size()))) {
                json.beginObject().name("name").value(r.name()).name("confidence").value(round(r.confidence()))
                        .endObject();
            }
            json.endArray();
            if (!u.problems().isEmpty()) {
                json.name("problems").beginArray();
                for (String p : u.problems()) {
                    json.value(p);
                }
                json.endArray();
            }
            json.endObject();
        }
        return line.toString();
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", v));
    }
}
