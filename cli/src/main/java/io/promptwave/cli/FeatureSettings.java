package io.promptwave.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The feature settings a model's config.json records, so a reader featurises audio as training did. */
final class FeatureSettings {
    private FeatureSettings() {
    }

    /** @return 80-dim Kaldi fbank at 16 kHz, 100 frames a second, mean and variance normalised per utterance */
    static Map<String, Object> fbank80() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "fbank");
        m.put("dims", 80);
        m.put("sample_rate", 16000);
        m.put("frame_rate", 100);
        m.put("cmvn", "utterance");
        return m;
    }
}
