package io.promptwave.core.decode;

import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptAssembler;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
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
    // for languages other than the language model's, which would only be misled by it
    private final TokenDecoder withoutLanguageModel;
    private final String lmLanguage;
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
        this.withoutLanguageModel = options.fusesLanguageModel()
                ? TokenDecoder.of(model, options.withoutLanguageModel()) : decoder;
        this.lmLanguage = options.fusesLanguageModel() ? options.languageModel().language() : null;
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
        TokenDecoder decoder = language.equals(lmLanguage) ? this.decoder : withoutLanguageModel;
        if (alternatives > 1 && !(decoder instanceof BeamSearchDecoder)) {
            throw new IllegalArgumentException("only beam search keeps alternatives; " + alternatives
                    + " were asked for with a beam of 1");
        }
        int[] prefix = {Vocabulary.ASR, model.vocabulary().language(language)};
        return run(utterances, prefix, decoder, rowPrompts, alternatives);
    }

    /**
     * Reads text-line images: the {@code <ocr>} task on their patch features. The language model,
     * fitted to spoken-form transcripts, is not used: written lines have capitals and punctuation.
     *
     * @param lines features of the lines ({@code LineFeatureExtractor}), one batch
     * @param language language code of the text, e.g. {@code en}
     * @param rowPrompts the prompt steering each line (null for none)
     * @return one reading per line, in order
     * @throws IllegalArgumentException when the model reads no images or the features do not fit it
     */
    public List<Transcript> read(List<FeatureSequence> lines, String language, List<SoftPrompt> rowPrompts) {
        int[] prefix = {Vocabulary.OCR, model.vocabulary().language(language)};
        return run(lines, prefix, withoutLanguageModel, rowPrompts, 1).stream().map(l -> l.get(0)).toList();
    }

    private List<List<Transcript>> run(List<FeatureSequence> utterances, int[] prefix, TokenDecoder decoder,
            List<SoftPrompt> rowPrompts, int alternatives) {
        Vocabulary vocabulary = model.vocabulary();
        List<List<Transcript>> out = new ArrayList<>();
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, utterances);
            Backbone.Embedded input = model.backbone().embed(model.store(), batch.features(), batch.lengths(), false);
            PromptHooks hooks = PromptAssembler.assemble(input, rowPrompts, false).hooks();
            Backbone.Encoded encoded = model.backbone().encode(model.store(), input, hooks, false);
            CtcPosteriors ctc = model.backbone().hasCtcHead() ? CtcPosteriors.of(model, encoded) : null;
            List<List<Hypothesis>> hyps = decoder instanceof BeamSearchDecoder beam
                    ? beam.nBest(work, encoded, ctc, prefix, hooks, alternatives)
                    : decoder.decode(work, encoded, ctc, prefix, hooks).stream().map(List::of).toList();
            for (int i = 0; i < hyps.size(); i++) {
                List<Transcript> row = new ArrayList<>();
                for (Hypothesis h : hyps.get(i)) {
                    row.add(new Transcript(vocabulary.decode(h.tokens()).trim(), h.confidence(), h.logProbs(),
                            words(h, ctc == null ? null : ctc.row(i), vocabulary)));
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
