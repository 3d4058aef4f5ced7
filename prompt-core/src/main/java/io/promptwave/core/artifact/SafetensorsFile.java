package io.promptwave.core.artifact;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A safetensors file (Hugging Face's format): an 8-byte little-endian header length, a JSON
 * header mapping each tensor's name to its dtype, shape and byte range, optional string metadata
 * under {@code __metadata__}, then the raw little-endian data.
 *
 * <p>{@link #open} reads and checks only the header (every range inside the data, sized for its
 * shape, the ranges covering the data without holes or overlaps, as the format requires);
 * {@link #read} then loads one tensor as floats. {@link #write} stores float tensors as F32, F16
 * or BF16, sorted by name, atomically.
 */
public final class SafetensorsFile {
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;

    /**
     * A tensor's entry in the header.
     *
     * @param name the tensor's name
     * @param dtype its element type
     * @param shape its dimensions
     * @param begin first byte in the data section
     * @param end one past the last byte
     */
    public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private final Path file;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Reads and checks the header of {@code file}.
     *
     * @throws ModelFormatException naming the file and the fault when it is not valid safetensors
     * @throws IOException when it cannot be read
     */
    public static SafetensorsFile open(Path file) throws ModelFormatException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (size < 8) {
                throw new ModelFormatException(file + ": not safetensors (" + size + " bytes, shorter than its header)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > Math.min(MAX_HEADER, size - 8)) {
                throw new ModelFormatException(file + ": not safetensors (header length " + headerLength + " in a file of "
                        + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataSize = size - 8 - headerLength;
            return parse(file, json, 8 + headerLength, dataSize);
        }
    }

    private static SafetensorsFile parse(Path file, String json, long dataStart, long dataSize)
            throws ModelFormatException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new ModelFormatException(file + ": safetensors header is not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFormatException(file + ": safetensors header is not valid JSON (" + e.getMessage() + ")", e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataSize));
        }
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expected) {
                throw new ModelFormatException(file + ": tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " where " + expected + " was expected (safetensors data has no holes or overlaps)");
            }
            expected = e.end();
        }
        if (expected != dataSize) {
            throw new ModelFormatException(file + ": tensors cover " + expected + " bytes but the data section holds "
                    + dataSize + " (truncated or padded file)");
        }
        return new SafetensorsFile(file, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static Entry entry(Path file, String name, JsonElement value, long dataSize) throws ModelFormatException {
        String where = file + ": tensor '" + name + "': ";
        try {
            JsonObject o = value.getAsJsonObject();
            DType dtype;
            try {
                dtype = DType.valueOf(o.get("dtype").getAsString());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(where + "unsupported dtype " + o.get("dtype"), e);
            }
            JsonArray dims = o.getAsJsonArray("shape");
            long[] shape = new long[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsLong();
                if (shape[i] < 0) {
                    throw new ModelFormatException(where + "negative dimension " + shape[i]);
                }
                count = Math.multiplyExact(count, shape[i]);
            }
            JsonArray offsets = o.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataSize) {
                throw new ModelFormatException(where + "byte range [" + begin + ", " + end + ") lies outside the "
                        + dataSize + " data bytes");
            }
            if (end - begin != count * dtype.bytes()) {
                throw new ModelFormatException(where + (end - begin) + " bytes for shape " + java.util.Arrays.toString(shape)
                        + " of " + dtype + ", which needs " + count * dtype.bytes());
            }
            return new Entry(name, dtype, shape, begin, end);
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + "malformed entry " + value + " (" + e.getMessage() + ")", e);
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the tensors' header entries by name, in header order */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** @return the string metadata, possibly empty */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Loads every tensor, in file order.
     *
     * @throws ModelFormatException when a tensor is not floating point or its bytes are out of the file
     */
    public Map<String, Tensor> readAll() throws ModelFormatException, IOException {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (String name : entries().keySet()) {
            out.put(name, read(name));
        }
        return out;
    }

    /**
     * Loads one floating-point tensor.
     *
     * @throws ModelFormatException when there is no such tensor or it is not floating point
     */
    public Tensor read(String name) throws ModelFormatException, IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException(file + ": no tensor '" + name + "' (has " + new TreeMap<>(entries).keySet() + ")");
        }
        if (!e.dtype().isFloat()) {
            throw new ModelFormatException(file + ": tensor '" + name + "' is " + e.dtype() + ", not floating point");
        }
        long bytes = e.end() - e.begin();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new ModelFormatException(file + ": tensor '" + name + "' is too large to load (" + bytes + " bytes)");
        }
        ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(channel, data, dataStart + e.begin());
        }
        int count = (int) (bytes / e.dtype().bytes());
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            switch (e.dtype()) {
                case F32:
                    values[i] = data.getFloat(i * 4);
                    break;
                case F16:
                    values[i] = HalfFloat.toFloat(data.getShort(i * 2));
                    break;
                default:
                    values[i] = HalfFloat.bf16ToFloat(data.getShort(i * 2));
            }
        }
        return new Tensor(values, e.shape());
    }

    /**
     * Writes tensors, sorted by name, as {@code dtype}, atomically.
     *
     * @param dtype F32, F16 or BF16
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        if (!dtype.isFloat()) {
            throw new IllegalArgumentException("float tensors are written as F32, F16 or BF16, not " + dtype);
        }
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new TreeMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> t : sorted.entrySet()) {
            if (t.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            }
            long bytes = (long) t.getValue().size() * dtype.bytes();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dtype.name());
            entry.put("shape", t.getValue().shape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(t.getKey(), entry);
            offset += bytes;
        }
        String json = new Gson().toJson(header);
        // spaces after the JSON make the data start 8-byte aligned, as the Python library writes it
        json += " ".repeat((8 - json.getBytes(StandardCharsets.UTF_8).length % 8) % 8);
        byte[] headerBytes = json.getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : sorted.values()) {
                for (int i = 0; i < t.size(); i++) {
                    if (chunk.remaining() < 4) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    float v = t.get(i);
                    switch (dtype) {
                        case F32:
                            chunk.putFloat(v);
                            break;
                        case F16:
                            chunk.putShort(HalfFloat.fromFloat(v));
                            break;
                        default:
                            chunk.putShort((short) (Float.floatToRawIntBits(v) + 0x7fff
                                    + ((Float.floatToRawIntBits(v) >>> 16) & 1) >>> 16));
                    }
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
