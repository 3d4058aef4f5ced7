package io.promptwave.core.decode;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding on the encoder's CTC head alone ({@code --beam 1 --ctc-weight 1}): the most probable
 * class of every frame, repeats merged, blanks dropped. No decoder runs, so it is the fastest search
 * and cannot insert words the audio lacks; it ignores decoder prompts and the task prefix (the CTC
 * head was trained on transcription only).
 */
public final class CtcGreedyDecoder implements TokenDecoder {

    /**
     * @param model the model whose CTC head is read
     * @throws IllegalArgumentException when the model has no CTC head
     */
    public CtcGreedyDecoder(SpeechModel model) {
        if (!model.backbone().hasCtcHead()) {
            throw new IllegalArgumentException("CTC decoding needs a model with a CTC head; this one has none");
        }
    }

    @Override
    public List<Hypothesis> decode(NDManager work, Backbone.Encoded encoded, CtcPosteriors ctc, RowTasks tasks,
            PromptHooks hooks) {
        List<Hypothesis> out = new ArrayList<>();
        int vocab = ctc.vocab();
        for (int b = 0; b < encoded.frameLengths().length; b++) {
            float[] row = ctc.row(b);
            int[] tokens = new int[ctc.frames(b)];
            float[] logProbs = new float[tokens.length];
            int n = 0;
            int previous = Vocabulary.PAD;
            for (int t = 0; t < ctc.frames(b); t++) {
                int best = 0;
                for (int k = 1; k < vocab; k++) {
                    if (row[t * vocab + k] > row[t * vocab + best]) {
                        best = k;
                    }
                }
                float p = row[t * vocab + best];
                if (best != Vocabulary.PAD && best != previous) {
                    tokens[n] = best;
                    logProbs[n++] = p;
                } else if (best != Vocabulary.PAD && p > logProbs[n - 1]) {
                    // a held token is as sure as its surest frame
                    logProbs[n - 1] = p;
                }
                previous = best;
            }
            out.add(new Hypothesis(Arrays.copyOf(tokens, n), Arrays.copyOf(logProbs, n), 0));
        }
        return out;
    }
}
