package io.promptwave.server.scheduler;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.prompt.SoftPrompt;
import java.util.List;

/**
 * What a batch computes. Rows whose kinds are equal share one forward pass, so implementations
 * are values (records) whose fields say everything that must match: the task, its decoding
 * options, its language or label schema. Rows of one batch may use different prompts.
 *
 * @param <R> the result of one row
 */
public interface BatchKind<R> {

    /**
     * @param features one row each
     * @param prompts each row's prompt (null for the bare base)
     * @return one result per row, in order
     */
    List<R> run(List<FeatureSequence> features, List<SoftPrompt> prompts);

    /**
     * @param row one row's features
     * @return the seconds of audio the row holds, for the metrics; rows of other inputs hold none
     */
    default double audioSeconds(FeatureSequence row) {
        return row.frames() / row.frameRate();
    }
}
