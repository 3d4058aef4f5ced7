package io.promptwave.core.train;

import io.promptwave.features.FeatureSequence;

/**
 * Utterances whose features can be computed again on demand, so that a pass over many hours of
 * audio holds one utterance's features at a time instead of all of them.
 */
public interface UtteranceSource {

    /** @return the number of utterances */
    int size();

    /**
     * @return the features of utterance {@code index}, or null when it cannot be read (the source
     *     reports why, once)
     */
    FeatureSequence features(int index);

    /** @return a source over features already in memory */
    static UtteranceSource of(java.util.List<FeatureSequence> utterances) {
        return new UtteranceSource() {
            @Override
            public int size() {
                return utterances.size();
            }

            @Override
            public FeatureSequence features(int index) {
                return utterances.get(index);
            }
        };
    }
}
