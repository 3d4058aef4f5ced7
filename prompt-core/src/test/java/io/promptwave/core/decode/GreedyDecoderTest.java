package io.promptwave.core.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyDecoderTest {
    @Test
    void aBatchDecodesAsEachUtteranceAlone() throws EngineUnavailableException {
        BackboneConfig tiny = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(2).optDecoderLayers(2)
                .optFeedForward(64).optFrontEndWidth(48).optDropout(0f).build();
        try (SpeechModel model = SpeechModel.create(tiny, new Vocabulary(List.of("en"), 0), 11)) {
            java.util.Random random = new java.util.Random(5);
            List<FeatureSequence> utterances = new ArrayList<>();
            for (int frames : new int[] {40, 95, 63}) {
                float[] v = new float[frames * 80];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                utterances.add(FeatureSequence.of(v, frames, 80, 100, "u" + frames));
            }
            int[] prefix = {Vocabulary.ASR, model.vocabulary().language("en")};
            GreedyDecoder decoder = new GreedyDecoder(model);
            List<Hypothesis> together = decoder.decode(utterances, prefix, PromptHooks.NONE);
            for (int i = 0; i < utterances.size(); i++) {
                Hypothesis alone = decoder.decode(List.of(utterances.get(i)), prefix, PromptHooks.NONE).get(0);
                assertArrayEquals(alone.tokens(), together.get(i).tokens(), "utterance " + i);
                assertArrayEquals(alone.logProbs(), together.get(i).logProbs(), 1e-4f);
                // an untrained model never emits <eos> first: the length limit (frames + 4) stops it
                assertEquals(model.backbone().audioFrontEnd().outputLength(utterances.get(i).frames()) + 4,
                        alone.tokens().length);
            }
        }
    }

    @Test
    void ctcAlignmentPlacesEachTokenInOrder() {
        // 6 frames, vocab 3 (0 = blank): frames favour 1,1,0,2,0,0
        int v = 3;
        float[] lp = new float[6 * v];
        int[] best = {1, 1, 0, 2, 0, 0};
        for (int t = 0; t < 6; t++) {
            for (int k = 0; k < v; k++) {
                lp[t * v + k] = (float) Math.log(k == best[t] ? 0.8 : 0.1);
            }
        }
        int[][] spans = CtcAligner.align(lp, 6, v, new int[] {1, 2}, 0);
        assertArrayEquals(new int[] {0, 1}, spans[0]);
        assertArrayEquals(new int[] {3, 3}, spans[1]);
        assertEquals(null, CtcAligner.align(lp, 1, v, new int[] {1, 2}, 0));
    }
}
