package io.promptwave.core.artifact;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a set of weights: sha256 over every tensor's name, shape and float32
 * little-endian bytes, in name order. Prompts record their base's fingerprint and refuse any
 * other base.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /**
     * @param weights tensors by name
     * @return 64 hex digits
     */
    public static String of(Map<String, Tensor> weights) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        for (Map.Entry<String, Tensor> e : new TreeMap<>(weights).entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update(Arrays.toString(e.getValue().shape()).getBytes(StandardCharsets.UTF_8));
            float[] values = e.getValue().values();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            sha.update(bytes.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * @param weights tensors by name
     * @param dtype the precision they will be stored in
     * @return the fingerprint of the weights as they will read back: a model saved in float16
     *     is identified by its rounded values, which is what any loader sees
     */
    public static String asStored(Map<String, Tensor> weights, DType dtype) {
        if (dtype != DType.F16) {
            return of(weights);
        }
        Map<String, Tensor> rounded = new TreeMap<>();
        weights.forEach((name, t) -> {
            float[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = HalfFloat.toFloat(HalfFloat.fromFloat(v[i]));
            }
            rounded.put(name, new Tensor(v, t.shape()));
        });
        return of(rounded);
    }
}
