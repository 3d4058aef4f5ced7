package io.promptwave.core.decode;

import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptAssembler;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.TextForm;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech to text with the attention decoder (greedy or beam search, see {@link DecodingOptions}),
 * plus word times and confidences: the decoded bytes are grouped into words at spaces, each word's
 * confidence is the geometric mean of its tokens' probabilities, and its start and end come from a
 * CTC forced alignment of the same bytes on the encoder's CTC head (one frame per front-end stride
 * of 10 ms fbank frames). The batch is encoded once for both. Thread-safe: each call works in its
 * own child manager.
 */
public final class Transcriber {
    private final SpeechModel model;
    private final TokenDecoder decoder;
    // rows in other languages would only be misled by the language model; so would rows of the other form:
    // a spoken-form model scores transcripts, a written-form one (a reading prompt's) text lines
    private final String lmLanguage;
    private final TextForm lmForm;
    private final double secondsPerFrame;

    /**
     * @param model the model
     * @param options how to search
     * @throws IllegalArgumentException when the options need a CTC head the model lacks
     */
    public Transcriber(SpeechModel model, DecodingOptions options) {
        this.model = model;
        // fbank frames are 10 ms apart
        this.secondsPerFrame = model.backbone().config().frontEndStride() / 100.0;
        this.decoder = TokenDecoder.of(model, options);
        this.lmLanguage = options.fusesLanguageModel() ? options.languageModel().language() : null;
        this.lmForm = options.fusesLanguageModel() ? options.languageModel().form() : null;
    }

    /**
     * @param utterances normalised features (one batch)
     * @param language language code of the {@code <asr>} task, e.g. {@code en}
     * @return one transcript per utterance, in order
     */
    public List<Transcript> transcribe(List<FeatureSequence> utterances, String language) {
        return transcribe(utterances, language, java.util.Collections.nCopies(utterances.size(), null));
    }

    /**
     * @param utterances normalised features (one batch)
     * @param language language code of the {@code <asr>} task, e.g. {@code en}
     * @param rowPrompts the prompt steering each utterance (null for none); rows may differ, and
     *     each row's result is the one it would get alone
     * @return one transcript per utterance, in order
     */
    public List<Transcript> transcribe(List<FeatureSequence> utterances, String language, List<SoftPrompt> rowPrompts) {
        return transcribe(utterances, language, rowPrompts, 1).stream().map(l -> l.get(0)).toList();
    }

    /**
     * @param utterances normalised features (one batch)
     * @param language language code of the {@code <asr>} task, e.g. {@code en}
     * @param rowPrompts the prompt steering each utterance (null for none)
     * @param alternatives how many transcripts to keep per utterance: more than one needs beam search, and
     *     never more than the beam size
     * @return per utterance, its best transcripts, best first (at least one)
     * @throws IllegalArgumentException when more alternatives are asked for than the search keeps
     */
    public List<List<Transcript>> transcribe(List<FeatureSequence> utterances, String language,
            List<SoftPrompt> rowPrompts, int alternatives) {
        boolean[] reading = new boolean[utterances.size()];
        return run(utterances, tasks(reading, language), rowPrompts, alternatives, reading);
    }

    /**
     * Reads text-line images: the {@code <ocr>} task on their patch features. A language model of
     * spoken-form transcripts is not used (written lines have capitals and punctuation); one of
     * written-form text ({@link TextForm#WRITTEN}, a reading prompt's own) is.
     *
     * @param lines features of the lines ({@code LineFeatureExtractor}), one batch
     * @param language language code of the text, e.g. {@code en}
     * @param rowPrompts the prompt steering each line (null for none)
     * @return one reading per line, in order
     * @throws IllegalArgumentException when the model reads no images or the features do not fit it
     */
    public List<Transcript> read(List<FeatureSequence> lines, String language, List<SoftPrompt> rowPrompts) {
        boolean[] reading = new boolean[lines.size()];
        java.util.Arrays.fill(reading, true);
        return run(lines, tasks(reading, language), rowPrompts, 1, reading).stream().map(l -> l.get(0)).toList();
    }

    /**
     * Speech and text lines in one batch: each row's task follows its features. Rows of the audio
     * front-end's size are transcribed ({@code <asr>}, with the language model when it is of the
     * options' language and spoken-form text), rows of the image front-end's size are read ({@code <ocr>},
     * with it only when it is of written-form text). The encoder and the decoder run once over the whole batch, and every row gets the result
     * it would get in a batch of its own modality.
     *
     * @param rows audio and image features, in any order
     * @param language language code of the speech and the text
     * @param rowPrompts the prompt steering each row (null for none)
     * @param alternatives transcripts kept per row, as in {@link #transcribe(List, String, List, int)}
     * @return per row, its best results, best first (at least one)
     * @throws IllegalArgumentException when a row fits no front-end of the model, or more alternatives
     *     are asked for than the search keeps
     */
    public List<List<Transcript>> recognize(List<FeatureSequence> rows, String language, List<SoftPrompt> rowPrompts,
            int alternatives) {
        boolean[] reading = new boolean[rows.size()];
        for (int i = 0; i < reading.length; i++) {
            reading[i] = model.backbone().readsAsImage(rows.get(i).dims());
        }
        return run(rows, tasks(reading, language), rowPrompts, alternatives, reading);
    }

    private RowTasks tasks(boolean[] reading, String language) {
        int languageToken = model.vocabulary().language(language);
        int[][] prefixes = new int[reading.length][];
        boolean[] languageModel = new boolean[reading.length];
        for (int i = 0; i < reading.length; i++) {
            prefixes[i] = new int[] {reading[i] ? Vocabulary.OCR : Vocabulary.ASR, languageToken};
            languageModel[i] = language.equals(lmLanguage) && lmForm == (reading[i] ? TextForm.WRITTEN : TextForm.SPOKEN);
        }
        return new RowTasks(prefixes, languageModel);
    }

    private List<List<Transcript>> run(List<FeatureSequence> utterances, RowTasks tasks, List<SoftPrompt> rowPrompts,
            int alternatives, boolean[] reading) {
        if (alternatives > 1 && !(decoder instanceof BeamSearchDecoder)) {
            throw new IllegalArgumentException("only beam search keeps alternatives; " + alternatives
                    + " were asked for with a beam of 1");
        }
        Vocabulary vocabulary = model.vocabulary();
        List<List<Transcript>> out = new ArrayList<>();
        try (NDManager work = model.newWorkManager()) {
            Backbone.Embedded input = BatchInput.embed(model, work, utterances, rowPrompts);
            PromptHooks hooks = PromptAssembler.assemble(input, rowPrompts, false).hooks();
            Backbone.Encoded encoded = model.backbone().encode(model.store(), input, hooks, false);
            CtcPosteriors ctc = model.backbone().hasCtcHead() ? CtcPosteriors.of(model, encoded) : null;
            List<List<Hypothesis>> hyps = decoder instanceof BeamSearchDecoder beam
                    ? beam.nBest(work, encoded, ctc, tasks, hooks, alternatives)
                    : decoder.decode(work, encoded, ctc, tasks, hooks).stream().map(List::of).toList();
            for (int i = 0; i < hyps.size(); i++) {
                // a line's columns are not time: its words get no start and end
                float[] alignment = ctc == null || reading[i] ? null : ctc.row(i);
                List<Transcript> row = new ArrayList<>();
                for (Hypothesis h : hyps.get(i)) {
                    row.add(new Transcript(vocabulary.decode(h.tokens()).trim(), h.confidence(), h.logProbs(),
                            words(h, alignment, vocabulary)));
                }
                out.add(row);
            }
        }
        return out;
    }

    private List<Word> words(Hypothesis h, float[] ctc, Vocabulary vocabulary) {
        int[] tokens = h.tokens();
        int[][] spans = ctc == null ? null
                : CtcAligner.align(ctc, ctc.length / vocabulary.size(), vocabulary.size(), tokens, Vocabulary.PAD);
        List<Word> words = new ArrayList<>();
        int start = -1;
        int space = vocabulary.encode(" ")[0];
        for (int i = 0; i <= tokens.length; i++) {
            boolean boundary = i == tokens.length || tokens[i] == space;
            if (boundary) {
                if (start >= 0) {
                    words.add(word(h, tokens, start, i, spans, vocabulary));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return words;
    }

    private Word word(Hypothesis h, int[] tokens, int from, int to, int[][] spans, Vocabulary vocabulary) {
        double logProb = 0;
        for (int i = from; i < to; i++) {
            logProb += h.logProbs()[i];
        }
        double startTime = spans == null ? Double.NaN : spans[from][0] * secondsPerFrame;
        double endTime = spans == null ? Double.NaN : (spans[to - 1][1] + 1) * secondsPerFrame;
        return new Word(vocabulary.decode(java.util.Arrays.copyOfRange(tokens, from, to)), startTime, endTime,
                Math.exp(logProb / (to - from)));
    }
}
