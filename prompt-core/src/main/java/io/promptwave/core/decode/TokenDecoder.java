package io.promptwave.core.decode;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import java.util.List;

/**
 * A search for the output tokens of an encoded batch: {@link GreedyDecoder}, {@link BeamSearchDecoder} or
 * {@link CtcGreedyDecoder}.
 * {@link #of} picks one from the decoding options.
 */
public interface TokenDecoder {

    /**
     * @param work manager for the intermediate arrays (closed by the caller)
     * @param encoded the encoder output of the batch
     * @param ctc the batch's CTC log-probabilities, or null when the model has no CTC head
     * @param tasks per utterance, the tokens its output starts with (e.g. {@code <asr> <en>}) and whether
     *     a language model in the options may score it
     * @param hooks prompts, one row per utterance
     * @return one hypothesis per utterance, in order
     */
    List<Hypothesis> decode(NDManager work, Backbone.Encoded encoded, CtcPosteriors ctc, RowTasks tasks,
            PromptHooks hooks);

    /**
     * Decodes every utterance with the same task.
     *
     * @param work manager for the intermediate arrays (closed by the caller)
     * @param encoded the encoder output of the batch
     * @param ctc the batch's CTC log-probabilities, or null when the model has no CTC head
     * @param forcedPrefix tokens every output starts with, e.g. {@code <asr> <en>}
     * @param hooks prompts, one row per utterance
     * @return one hypothesis per utterance, in order
     */
    default List<Hypothesis> decode(NDManager work, Backbone.Encoded encoded, CtcPosteriors ctc,
            int[] forcedPrefix, PromptHooks hooks) {
        return decode(work, encoded, ctc, RowTasks.uniform(forcedPrefix, encoded.frameLengths().length), hooks);
    }

    /**
     * @param model the model
     * @param options how to search
     * @return for one beam: greedy search on the decoder (CTC weight 0) or on the CTC head (weight 1),
     *     neither of which fuses a language model; beam search otherwise
     * @throws IllegalArgumentException when the options need a CTC head the model lacks
     */
    static TokenDecoder of(SpeechModel model, DecodingOptions options) {
        if (options.beamSize() == 1 && options.ctcWeight() == 0) {
            return new GreedyDecoder(model);
        }
        if (options.beamSize() == 1 && options.ctcWeight() == 1) {
            return new CtcGreedyDecoder(model);
        }
        return new BeamSearchDecoder(model, options);
    }

    /**
     * @param model the model
     * @param options how to search
     * @param syntax which output tokens may come next, and which are transcript text for the CTC prefix scores
     * @return greedy search on the decoder (CTC weight 0), beam search otherwise
     * @throws IllegalArgumentException when the options would decode with the CTC head alone, which writes only
     *     transcript text, while the syntax says the output holds more; or when they need a CTC head the model lacks
     */
    static TokenDecoder of(SpeechModel model, DecodingOptions options, OutputSyntax syntax) {
        if (syntax == OutputSyntax.ALL) {
            return of(model, options);
        }
        if (options.ctcWeight() >= 1) {
            throw new IllegalArgumentException("this output holds more than a transcript, which only the decoder "
                    + "writes: the CTC weight must be below 1, got " + options.ctcWeight());
        }
        return options.beamSize() == 1 && options.ctcWeight() == 0 ? new GreedyDecoder(model, syntax)
                : new BeamSearchDecoder(model, options, syntax);
    }
}
