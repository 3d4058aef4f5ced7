package io.promptwave.cli;

import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.eval.SlotMetrics;
import io.promptwave.core.eval.TranscriptionEvaluator;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.slots.TextSlotTagger;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.ManifestEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave pipeline}: the pipeline baseline of spoken slot filling, speech to transcript with
 * the base and then a text-only tagger ({@link TextSlotTagger}) trained on the training transcripts.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"The pipeline baseline of spoken slot filling: train a text-only intent classifier and slot",
            "tagger on a training manifest's transcripts, then read a test manifest twice: from its reference",
            "transcripts (the tagger's ceiling) and from the base's transcripts of its audio. Prints intent",
            "accuracy, exact slot F1 and SLU-F1 for both, and the transcripts' WER and CER."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every utterance was scored", "1:some audio could not be read (the rest is scored)",
            "2:bad usage"})
final class PipelineCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Slot-filling manifest to train the tagger on.")
    private Path train;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "Slot-filling manifest to score.")
    private Path manifest;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory. Default: the shipped models/base.")
    private Path model;

    @Option(names = "--epochs", defaultValue = "10", description = "Tagger training passes. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--batch-frames", defaultValue = "20000",
            description = "Input frames per decoding batch. Default: ${DEFAULT-VALUE}.")
    private int batchFrames;

    @CommandLine.Mixin
    private DecodingFlags decoding;

    @Override
    public Integer call() throws IOException, CorpusException, ModelFormatException, EngineUnavailableException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<TextSlotTagger.Example> examples = new ArrayList<>();
        for (ManifestEntry e : ManifestExamples.Listed.of(List.of(train)).entries()) {
            if (e.intent() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--train " + train + ": utterance " + e.id() + " has no intent; is it a slot-filling manifest?");
            }
            examples.add(new TextSlotTagger.Example(e.text(), e.intent(), SlotTask.slots(e)));
        }
        long t0 = System.nanoTime();
        TextSlotTagger tagger;
        try {
            tagger = TextSlotTagger.train(examples, epochs, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--train " + train + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "tagger: %d sentences, %d intents, %d epochs, trained in %.1f s%n", examples.size(),
                tagger.intents().size(), epochs, (System.nanoTime() - t0) / 1e9);

        ManifestExamples.Listed listed = ManifestExamples.Listed.of(List.of(manifest));
        SlotMetrics onReference = new SlotMetrics();
        for (ManifestEntry e : listed.entries()) {
            if (e.intent() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--manifest " + manifest + ": utterance " + e.id() + " has no intent");
            }
            TextSlotTagger.Tagged t = tagger.tag(e.text());
            onReference.add(e.intent(), SlotTask.slots(e), t.intent(), t.slots());
        }
        print(out, "on the reference transcripts", onReference);

        Path dir = model != null ? model : ModelLocation.defaultBase();
        DecodingOptions options = decoding.options(spec.commandLine(), ModelDirectory.defaultDecoding(dir));
        try (SpeechModel loaded = ModelDirectory.load(dir)) {
            Transcriber transcriber;
            try {
                transcriber = new Transcriber(loaded, options);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            List<TrainingExample> audio = ManifestExamples.read(loaded.vocabulary(), listed, new FeatureCache(null),
                    err, "pipeline");
            Map<String, ManifestEntry> byId = listed.byId();
            TranscriptionEvaluator.Report report = new TranscriptionEvaluator(transcriber, batchFrames)
                    .evaluate(ManifestExamples.transcriptionUtterances(audio, listed));
            SlotMetrics onTranscripts = new SlotMetrics();
            for (TranscriptionEvaluator.Result r : report.results()) {
                ManifestEntry e = byId.get(r.id());
                TextSlotTagger.Tagged t = tagger.tag(r.hypothesis());
                onTranscripts.add(e.intent(), SlotTask.slots(e), t.intent(), t.slots());
            }
            print(out, "on the base's transcripts", onTranscripts);
            out.printf(Locale.ROOT, "transcripts: WER %.2f %%, CER %.2f %% (%d of %d utterances; decoding %s)%n",
                    100 * report.words().rate(), 100 * report.characters().rate(), audio.size(),
                    listed.entries().size(), options.describe());
            return audio.size() == listed.entries().size() ? 0 : PromptwaveCommand.EXIT_FAILED_INPUT;
        }
    }

    private static void print(PrintWriter out, String what, SlotMetrics m) {
        out.printf(Locale.ROOT, "%s: intent accuracy %.2f %%, slot F1 (exact) %.4f, SLU-F1 %.4f (%d utterances)%n",
                what, 100 * m.intentAccuracy(), m.exact().f1(), m.sluF1(), m.utterances());
    }
}
