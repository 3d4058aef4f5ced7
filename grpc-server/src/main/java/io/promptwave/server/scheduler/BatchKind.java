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
     * @return the seconds of audio the row holds, for the metrics. The default counts every row as
     *     audio; a kind whose rows may be other inputs (text lines) overrides it to count those as none
     */
    default double audioSeconds(FeatureSequence row) {
        return row.frames() / row.frameRate();
    }

    /**
     * @param row one row's features
     * @return the row's length as the batch pads it, which the scheduler keeps similar within a batch.
     *     The default is its feature frames; a kind mixing inputs whose front-ends shorten them
     *     differently (audio is subsampled, line columns are not) overrides it with encoder frames
     */
    default int length(FeatureSequence row) {
        return row.frames();
    }
}
