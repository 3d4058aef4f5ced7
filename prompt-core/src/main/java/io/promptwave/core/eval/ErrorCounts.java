package io.promptwave.core.eval;

/**
 * Edit counts of a hypothesis against a reference: the minimum number of substitutions,
 * deletions and insertions, and the reference length they are a rate of. Counts add up over a
 * test set, so the corpus rate is total errors over total reference length (not a mean of rates).
 *
 * @param substitutions reference units replaced
 * @param deletions reference units missing
 * @param insertions hypothesis units with no reference counterpart
 * @param referenceLength units in the reference
 */
public record ErrorCounts(long substitutions, long deletions, long insertions, long referenceLength) {
    /** No errors over nothing. */
    public static final ErrorCounts ZERO = new ErrorCounts(0, 0, 0, 0);

    /** @return the sum of both counts */
    public ErrorCounts plus(ErrorCounts other) {
        return new ErrorCounts(substitutions + other.substitutions, deletions + other.deletions,
                insertions + other.insertions, referenceLength + other.referenceLength);
    }

    /** @return all errors */
    public long errors() {
        return substitutions + deletions + insertions;
    }

    /** @return errors over reference length (may exceed 1 with insertions); 0 for an empty reference without errors */
    public double rate() {
        if (referenceLength == 0) {
            return errors() == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return errors() / (double) referenceLength;
    }
}
