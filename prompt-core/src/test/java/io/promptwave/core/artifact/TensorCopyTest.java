package io.promptwave.core.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.TensorRuntime;
import org.junit.jupiter.api.Test;

/** {@link Tensor#copyInto} and {@link Tensor#toOwnedArray}: values land in PyTorch's memory, flags kept. */
class TensorCopyTest {
    private static final Tensor TWO_BY_THREE = new Tensor(new float[] {1f, -2f, 3.5f, 0f, 1e-3f, -7f}, 2, 3);

    @Test
    void copyIntoWritesTheValuesAndKeepsTheGradientFlag() throws EngineUnavailableException {
        try (NDManager manager = TensorRuntime.pytorch().newBaseManager()) {
            NDArray weight = manager.zeros(new Shape(2, 3));
            weight.setRequiresGradient(true);
            TWO_BY_THREE.copyInto(weight);
            assertArrayEquals(TWO_BY_THREE.values(), weight.toFloatArray());
            assertTrue(weight.hasGradient(), "a trained weight still requires its gradient");

            NDArray frozen = manager.ones(new Shape(2, 3));
            TWO_BY_THREE.copyInto(frozen);
            assertArrayEquals(TWO_BY_THREE.values(), frozen.toFloatArray());
            assertFalse(frozen.hasGradient());
        }
    }

    @Test
    void aCopyIsIndependentOfLaterChangesToTheArray() throws EngineUnavailableException {
        try (NDManager manager = TensorRuntime.pytorch().newBaseManager()) {
            NDArray owned = TWO_BY_THREE.toOwnedArray(manager);
            NDArray weight = manager.zeros(new Shape(2, 3));
            TWO_BY_THREE.copyInto(weight);
            weight.addi(1f);
            owned.muli(2f);
            assertEquals(2f, weight.toFloatArray()[0]);
            assertEquals(2f, owned.toFloatArray()[0]);
            assertArrayEquals(new float[] {1f, -2f, 3.5f, 0f, 1e-3f, -7f}, TWO_BY_THREE.values(), "the tensor is unchanged");
        }
    }

    @Test
    void aShapeMismatchIsNamedAndLeavesTheTargetAlone() throws EngineUnavailableException {
        try (NDManager manager = TensorRuntime.pytorch().newBaseManager()) {
            NDArray target = manager.ones(new Shape(3, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TWO_BY_THREE.copyInto(target));
            assertEquals("cannot copy [2, 3] values into an array of shape (3, 2)", e.getMessage());
            assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1f, 1f}, target.toFloatArray());
        }
    }
}
