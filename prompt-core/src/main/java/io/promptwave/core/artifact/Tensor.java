package io.promptwave.core.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named float tensor on the heap: the unit safetensors files are read into and written from.
 * Immutable: values and shape are copied in and out.
 */
public final class Tensor {
    private final float[] values;
    private final long[] shape;

    /**
     * @param values the elements in row-major order
     * @param shape the dimensions; their product must equal {@code values.length}
     */
    public Tensor(float[] values, long... shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + values.length);
        }
        this.values = values.clone();
        this.shape = shape.clone();
    }

    /**
     * @param array a float array in native memory
     * @return its values and shape copied to the heap
     */
    public static Tensor of(NDArray array) {
        return new Tensor(array.toFloatArray(), array.getShape().getShape());
    }

    /**
     * @param arrays native arrays by name
     * @return each copied to the heap ({@link #of}), in the map's order
     */
    public static Map<String, Tensor> ofAll(Map<String, NDArray> arrays) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, of(a)));
        return out;
    }

    /** @return a copy of the values */
    public float[] values() {
        return values.clone();
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public int size() {
        return values.length;
    }

    /** @return the value at a flat index */
    public float get(int index) {
        return values[index];
    }

    /**
     * Copies these values into {@code target}'s own memory, which PyTorch keeps owning.
     *
     * <p>Why not {@code target.set(buffer)}: DJL's {@code set(Buffer)} re-points the tensor's storage at
     * a Java direct buffer instead of copying into it (and PyTorch warns about the deprecated mode it
     * uses on every call). A weight or an optimizer moment would then live in memory the garbage
     * collector frees, as long as the one Java object that holds it survives.
     *
     * @param target an array of this shape; whether it requires a gradient is kept
     * @throws IllegalArgumentException when the shapes differ
     */
    public void copyInto(NDArray target) {
        if (!Arrays.equals(shape, target.getShape().getShape())) {
            throw new IllegalArgumentException("cannot copy " + Arrays.toString(shape) + " values into an array of "
                    + "shape " + target.getShape());
        }
        boolean gradient = target.hasGradient();
        // an in-place write to a leaf that requires a gradient is refused by autograd
        target.setRequiresGradient(false);
        try (NDArray source = target.getManager().create(values, new Shape(shape))) {
            target.set(new NDIndex("..."), source);
        } finally {
            target.setRequiresGradient(gradient);
        }
    }

    /**
     * @param manager where the new array lives
     * @return a new array with these values in memory PyTorch owns (see {@link #copyInto})
     */
    public NDArray toOwnedArray(NDManager manager) {
        try (NDArray view = manager.create(values, new Shape(shape))) {
            return view.duplicate();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(values, t.values) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
