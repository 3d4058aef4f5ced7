package io.promptwave.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;

/**
 * The native memory of an autoregressive decoding, one step at a time. Every step makes a new
 * self-attention cache one position longer (and beam search a reordered copy of it); kept until the
 * decoding ends, those copies add up to the square of the output length times the rows, gigabytes
 * for a batch of long utterances. {@link #advance} moves what the next step needs to a fresh manager
 * and closes the previous step's, so a decoding holds about two steps' worth at any time.
 */
final class StepScope implements AutoCloseable {
    private final NDManager parent;
    private NDManager current;

    /** @param parent the decoding's manager, which outlives every step */
    StepScope(NDManager parent) {
        this.parent = parent;
        this.current = parent.newSubManager();
    }

    /** @return where the current step's inputs (tokens, row indices) go */
    NDManager manager() {
        return current;
    }

    /**
     * Ends a step: keeps the decoder state and the step's logits, frees everything else it made.
     *
     * @param state the decoder state after the step
     * @param logits the step's output
     * @return {@code logits}, now in the next step's manager
     */
    NDArray advance(Backbone.DecoderState state, NDArray logits) {
        NDManager next = parent.newSubManager();
        state.keepIn(next);
        logits.attach(next);
        current.close();
        current = next;
        return logits;
    }

    /**
     * The first steps of every decoding: each row's forced prefix (e.g. {@code <asr> <en>}), or
     * {@code <bos>} when the prefixes are empty.
     *
     * @param model the model
     * @param state a fresh decoder state
     * @param tasks the prefix of each utterance
     * @param copies decoder rows per utterance in the state (the beam size; 1 for greedy search)
     * @return the logits after the prefix's last token
     */
    NDArray feedPrefix(SpeechModel model, Backbone.DecoderState state, RowTasks tasks, int copies) {
        int rows = tasks.rows() * copies;
        if (tasks.prefixLength() == 0) {
            return advance(state, model.backbone().step(model.store(), state,
                    current.full(new Shape(rows, 1), Vocabulary.BOS, DataType.INT64)));
        }
        NDArray logits = null;
        for (int position = 0; position < tasks.prefixLength(); position++) {
            logits = advance(state, model.backbone().step(model.store(), state,
                    current.create(tasks.column(position, copies), new Shape(rows, 1))));
        }
        return logits;
    }

    @Override
    public void close() {
        current.close();
    }
}
