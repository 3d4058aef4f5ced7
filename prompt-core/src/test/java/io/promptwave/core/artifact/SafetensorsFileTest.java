package io.promptwave.core.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    private static final Map<String, Tensor> TENSORS = Map.of(
            "encoder.weight", new Tensor(new float[] {1.5f, -2.25f, 0f, 3.125f, 1e-3f, -7f}, 2, 3),
            "bias", new Tensor(new float[] {0.1f, 0.2f, 0.3f}, 3),
            "prompt_embeddings", new Tensor(new float[0], 0, 4));

    @Test
    void float32RoundTripsExactlyWithMetadata() throws IOException, ModelFormatException {
        Path file = dir.resolve("w.safetensors");
        SafetensorsFile.write(file, TENSORS, Map.of("format", "pt", "method", "enc+dec"), DType.F32);
        SafetensorsFile read = SafetensorsFile.open(file);
        assertEquals(java.util.List.of("bias", "encoder.weight", "prompt_embeddings"), java.util.List.copyOf(read.entries().keySet()));
        assertEquals(Map.of("format", "pt", "method", "enc+dec"), read.metadata());
        for (Map.Entry<String, Tensor> t : TENSORS.entrySet()) {
            assertEquals(t.getValue(), read.read(t.getKey()), t.getKey());
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts 8-byte aligned");
    }

    @Test
    void halfPrecisionKeepsThreeSignificantDigits() throws IOException, ModelFormatException {
        Path file = dir.resolve("h.safetensors");
        SafetensorsFile.write(file, TENSORS, Map.of(), DType.F16);
        Tensor back = SafetensorsFile.open(file).read("encoder.weight");
        float[] original = TENSORS.get("encoder.weight").values();
        for (int i = 0; i < original.length; i++) {
            assertEquals(original[i], back.get(i), Math.abs(original[i]) * 1e-3 + 1e-7, "element " + i);
        }
        assertEquals(Files.size(dir.resolve("h.safetensors")) < Files.size(write(DType.F32)), true);
        Tensor bf = SafetensorsFile.open(write(DType.BF16)).read("bias");
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, bf.values(), 2e-3f);
    }

    @Test
    void readsAFileThatAnotherWriterMade() throws IOException, ModelFormatException, URISyntaxException {
        Path golden = Path.of(getClass().getClassLoader().getResource("artifact/golden-f32-f16.safetensors").toURI());
        SafetensorsFile file = SafetensorsFile.open(golden);
        assertEquals(Map.of("format", "pt"), file.metadata());
        assertEquals(new Tensor(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, 2, 3), file.read("a"));
        assertArrayEquals(new float[] {1f, -2f, 0.33300781f, 65504f}, file.read("b").values(), 0f);
    }

    @Test
    void halfFloatConversionsAreExact() {
        assertEquals((short) 0x3C00, HalfFloat.fromFloat(1f));
        assertEquals((short) 0x7BFF, HalfFloat.fromFloat(65504f));
        assertEquals((short) 0x7C00, HalfFloat.fromFloat(1e6f), "overflow is infinity");
        assertEquals((short) 0x0001, HalfFloat.fromFloat(5.9604645e-8f), "smallest subnormal");
        assertEquals((short) 0x3C00, HalfFloat.fromFloat(1.00048828125f), "a tie rounds to even");
        assertEquals((short) 0x3C01, HalfFloat.fromFloat(1.000732421875f), "three quarters of a step rounds up");
        assertEquals((short) 0x3C02, HalfFloat.fromFloat(1.00146484375f), "a tie between odd and even goes to even");
        for (int bits = 0; bits < 0x7C00; bits += 7) {
            assertEquals((short) bits, HalfFloat.fromFloat(HalfFloat.toFloat((short) bits)), "half " + bits);
        }
    }

    @Test
    void corruptFilesAreRefusedWithTheFileAndTheFault() throws IOException {
        byte[] good = Files.readAllBytes(write(DType.F32));
        assertRefused(java.util.Arrays.copyOf(good, 5), "shorter than its header");
        assertRefused(java.util.Arrays.copyOf(good, good.length - 4), "lies outside the");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertRefused(huge, "header length 1099511627776 in a file of");
        assertRefused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4),
                "tensor 'a': 4 bytes for shape [2] of F32, which needs 8");
        assertRefused(file("{\"a\": {\"dtype\": \"Q4\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4),
                "tensor 'a': unsupported dtype \"Q4\"");
        assertRefused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8),
                "tensor 'a' starts at byte 4 where 0 was expected");
        assertRefused(file("[1, 2]", 0), "safetensors header is not a JSON object");
        assertRefused(file("{\"a\": ", 0), "safetensors header is not valid JSON");
    }

    @Test
    void missingTensorIsNamedWithWhatThereIs() throws IOException, ModelFormatException {
        SafetensorsFile file = SafetensorsFile.open(write(DType.F32));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> file.read("decoder.weight"));
        assertTrue(e.getMessage().endsWith("no tensor 'decoder.weight' (has [bias, encoder.weight, prompt_embeddings])"),
                e.getMessage());
    }

    private Path write(DType dtype) throws IOException {
        Path file = dir.resolve(dtype + ".safetensors");
        SafetensorsFile.write(file, TENSORS, Map.of(), dtype);
        return file;
    }

    private byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return b.array();
    }

    private void assertRefused(byte[] bytes, String reason) throws IOException {
        Path file = Files.write(dir.resolve("bad.safetensors"), bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(reason), e.getMessage());
    }
}
