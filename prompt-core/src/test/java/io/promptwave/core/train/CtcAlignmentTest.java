package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.TensorRuntime;
import org.junit.jupiter.api.Test;

class CtcAlignmentTest {
    @Test
    void lossAndGradientMatchAutogradThroughTheTensorCtc() throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        engine.setRandomSeed(4);
        int batch = 3;
        int time = 9;
        int vocab = 5;
        int[] lengths = {9, 6, 7};
        int[][] targets = {{1, 2, 2, 3}, {4}, {1, 1}};
        try (NDManager manager = engine.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(batch, time, vocab));
            logits.setRequiresGradient(true);
            float[] autogradGrad;
            float[] reference;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray logProbs = logits.logSoftmax(-1);
                NDArray losses = CtcLoss.loss(logProbs, lengths, targets, 0);
                reference = losses.toFloatArray();
                collector.backward(losses.sum());
            }
            autogradGrad = logits.getGradient().toFloatArray();

            NDArray logits2 = logits.duplicate();
            logits2.setRequiresGradient(true);
            CtcAlignment alignment;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray logProbs = logits2.logSoftmax(-1);
                alignment = CtcAlignment.compute(logProbs.toFloatArray(), batch, time, vocab, lengths, targets, 0);
                NDArray surrogate = logProbs.mul(manager.create(alignment.gradient(), logProbs.getShape())).sum();
                collector.backward(surrogate);
            }
            float[] surrogateGrad = logits2.getGradient().toFloatArray();
            for (int b = 0; b < batch; b++) {
                assertEquals(reference[b], alignment.losses()[b], 1e-3, "loss of row " + b);
            }
            for (int i = 0; i < autogradGrad.length; i++) {
                assertEquals(autogradGrad[i], surrogateGrad[i], 1e-4, "gradient " + i);
            }
        }
    }

    @Test
    void aTargetLongerThanTheInputHasNoAlignment() {
        float[] lp = new float[2 * 3];
        java.util.Arrays.fill(lp, (float) Math.log(1 / 3.0));
        CtcAlignment a = CtcAlignment.compute(lp, 1, 2, 3, new int[] {2}, new int[][] {{1, 1}}, 0);
        assertEquals(Double.POSITIVE_INFINITY, a.losses()[0]);
    }
}
