package io.promptwave.core;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** What the prompt tests share: a tiny backbone shape, random utterances, a prompt description. */
public final class PromptFixtures {
    /** A 2+2-layer backbone of width 32: fast, and with every part a prompt can reach. */
    public static final BackboneConfig TINY = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(2).optFeedForward(64).optFrontEndWidth(48).optDropout(0f).build();

    private PromptFixtures() {
    }

    /** @return Gaussian 80-dim feature sequences of these lengths */
    public static List<FeatureSequence> utterances(long seed, int... frames) {
        Random random = new Random(seed);
        List<FeatureSequence> out = new ArrayList<>();
        for (int f : frames) {
            float[] v = new float[f * 80];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            out.add(FeatureSequence.of(v, f, 80, 100, "random-" + f));
        }
        return out;
    }

    /** @return an {@code asr}/{@code en} description of a prompt for a base */
    public static PromptInfo info(String name, int version, PromptConfig config, SoftPrompt prompt, String fingerprint) {
        return new PromptInfo(name, version, config, "asr", "en", Map.of(), fingerprint, prompt.trainableCount(),
                prompt.storedCount(),
                Map.of("dev_cer", 0.25), Map.of("seed", 1));
    }
}
