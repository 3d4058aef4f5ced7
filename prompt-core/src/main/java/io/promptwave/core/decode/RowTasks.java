package io.promptwave.core.decode;

import io.promptwave.core.model.Backbone;
import java.util.Arrays;

/**
 * What each row of a decoded batch is asked to do: the task tokens its output is forced to start
 * with (e.g. {@code <asr> <en>} for speech, {@code <ocr> <en>} for a text line) and whether the
 * spoken-form language model of the decoding options may score it. Rows of one batch may differ in
 * both, which is how audio and image rows share a batch; their prefixes must have one length,
 * because the decoder feeds them step by step to all rows at once.
 */
public final class RowTasks {
    private final int[][] prefixes;
    private final boolean[] languageModel;

    /**
     * @param prefixes per row, its forced tokens (may be empty: {@code <bos>} is fed instead)
     * @param languageModel per row, whether the language model may fuse its score
     * @throws IllegalArgumentException when the arrays disagree on the number of rows or the
     *     prefixes differ in length
     */
    public RowTasks(int[][] prefixes, boolean[] languageModel) {
        if (prefixes.length != languageModel.length) {
            throw new IllegalArgumentException(prefixes.length + " prefixes for " + languageModel.length + " rows");
        }
        for (int[] p : prefixes) {
            if (p.length != prefixes[0].length) {
                throw new IllegalArgumentException("the forced prefixes of one batch must share a length, got "
                        + prefixes[0].length + " and " + p.length);
            }
        }
        this.prefixes = Arrays.stream(prefixes).map(int[]::clone).toArray(int[][]::new);
        this.languageModel = languageModel.clone();
    }

    /**
     * @param prefix the tokens every row starts with
     * @param rows the number of rows
     * @return the same task, language model allowed, for every row
     */
    public static RowTasks uniform(int[] prefix, int rows) {
        boolean[] lm = new boolean[rows];
        Arrays.fill(lm, true);
        int[][] prefixes = new int[rows][];
        Arrays.fill(prefixes, prefix);
        return new RowTasks(prefixes, lm);
    }

    /** @return the number of rows */
    public int rows() {
        return prefixes.length;
    }

    /**
     * @param encoded the batch these tasks are for
     * @throws IllegalArgumentException when they are not one per row of it
     */
    void requireRowsOf(Backbone.Encoded encoded) {
        if (prefixes.length != encoded.frameLengths().length) {
            throw new IllegalArgumentException(prefixes.length + " row tasks for a batch of "
                    + encoded.frameLengths().length);
        }
    }

    /** @return the length of every row's prefix */
    public int prefixLength() {
        return prefixes.length == 0 ? 0 : prefixes[0].length;
    }

    /**
     * @param row a row
     * @return whether the language model may score it
     */
    public boolean usesLanguageModel(int row) {
        return languageModel[row];
    }

    /**
     * @param position a prefix position
     * @param copies how many consecutive decoder rows each batch row owns (the beam size; 1 for greedy)
     * @return the token at that position for every decoder row
     */
    long[] column(int position, int copies) {
        long[] out = new long[prefixes.length * copies];
        for (int r = 0; r < prefixes.length; r++) {
            Arrays.fill(out, r * copies, (r + 1) * copies, prefixes[r][position]);
        }
        return out;
    }
}
