package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying an array by a constant so that autograd can differentiate through it.
 *
 * <p>Why not {@code x.mul(c)} or {@code x.div(c)} with a Java number: DJL's PyTorch engine turns the
 * number into a one-element tensor over a Java direct buffer ({@code torch::from_blob}, no copy),
 * runs the operation and closes that tensor at once. Multiplication and division save their other
 * operand for the backward pass, so the backward pass later reads the buffer after the garbage
 * collector may have freed it: a gradient of 1/&radic;8 came out as &plusmn;infinity in 20 of 20
 * tries when a collection ran in between ({@code ConstantFactorTest}). In training this was the
 * "non-finite gradient with a finite loss" that skipped about 1 % of updates, and, where the freed
 * memory still held a finite number, a silently wrong gradient. Here the constant is made by PyTorch
 * ({@code full}) and lives in the array's manager, as long as the graph that saved it.
 */
public final class ConstantFactor {
    private ConstantFactor() {
    }

    /**
     * @param x any floating-point array
     * @param factor the constant
     * @return {@code x * factor}, differentiable in {@code x}
     */
    public static NDArray times(NDArray x, double factor) {
        return x.mul(constant(x, factor));
    }

    /**
     * @param x any floating-point array
     * @param divisor the constant, not zero
     * @return {@code x / divisor}, differentiable in {@code x}
     */
    public static NDArray dividedBy(NDArray x, double divisor) {
        return x.div(constant(x, divisor));
    }

    /** A scalar of {@code x}'s type in PyTorch's memory, closed with {@code x}'s manager. */
    private static NDArray constant(NDArray x, double value) {
        return x.getManager().full(new Shape(), (float) value, x.getDataType());
    }
}
