package io.promptwave.audio.npy;

import io.promptwave.features.FeatureSequence;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes two-dimensional little-endian float32 arrays in numpy's {@code .npy} format
 * (versions 1 to 3 read, version 1 written; C order).
 */
public final class NpyFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFile() {
    }

    /**
     * Writes {@code features} as a float32 array of shape [frames, dims], atomically: the file
     * appears complete or not at all.
     */
    public static void write(FeatureSequence features, Path file) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + features.frames() + ", "
                + features.dims() + "), }";
        // magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64
        int unpadded = MAGIC.length + 4 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        StringBuilder text = new StringBuilder(header);
        text.append(" ".repeat(padding)).append('\n');
        byte[] headerBytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (headerBytes.length & 0xff), (byte) (headerBytes.length >> 8)});
            out.write(headerBytes);
            float[] data = features.toRowMajor();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buffer.hasRemaining()) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putFloat(v);
            }
            out.write(buffer.array(), 0, buffer.position());
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a two-dimensional float32 array.
     *
     * @param file the {@code .npy} file
     * @param frameRate the frame rate to label the rows with (npy does not store one)
     * @return the rows as a feature sequence
     * @throws IOException when the file is not a C-order little-endian float32 matrix (the message says why)
     */
    public static FeatureSequence read(Path file, double frameRate) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[6];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a .npy file (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLength;
            if (major == 1) {
                headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new IOException(file + ": unsupported .npy version " + major);
            }
            if (headerLength > 1 << 20) {
                throw new IOException(file + ": .npy header of " + headerLength + " bytes is implausible");
            }
            byte[] headerBytes = new byte[(int) headerLength];
            in.readFully(headerBytes);
            String header = new String(headerBytes, StandardCharsets.UTF_8);
            String descr = group(DESCR, header, file, "descr");
            if (!descr.equals("<f4")) {
                throw new IOException(file + ": holds '" + descr + "', only little-endian float32 ('<f4') is supported");
            }
            if (group(FORTRAN, header, file, "fortran_order").equals("True")) {
                throw new IOException(file + ": Fortran-ordered arrays are not supported");
            }
            String shape = group(SHAPE, header, file, "shape");
            String[] dims = java.util.Arrays.stream(shape.split(",")).map(String::trim).filter(d -> !d.isEmpty())
                    .toArray(String[]::new);
            if (dims.length != 2) {
                throw new IOException(file + ": shape (" + shape + ") is not two-dimensional");
            }
            int rows = Integer.parseInt(dims[0]);
            int cols = Integer.parseInt(dims[1]);
            long values = (long) rows * cols;
            if (values > Integer.MAX_VALUE - 16) {
                throw new IOException(file + ": " + rows + " x " + cols + " is too large to load");
            }
            float[] data = new float[(int) values];
            readFloats(in, data, file);
            return FeatureSequence.wrap(data, rows, cols, frameRate, file.toString());
        } catch (EOFException e) {
            throw new IOException(file + ": truncated .npy file", e);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad shape in .npy header", e);
        }
    }

    private static void readFloats(InputStream in, float[] data, Path file) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int index = 0;
        while (index < data.length) {
            int want = Math.min(chunk.length, (data.length - index) * 4);
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                throw new IOException(file + ": truncated .npy file (" + (index + got / 4) + " of " + data.length
                        + " values)");
            }
            view.clear();
            for (int i = 0; i < got / 4; i++) {
                data[index++] = view.getFloat(i * 4);
            }
        }
    }

    private static String group(Pattern pattern, String header, Path file, String key) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no '" + key + "'");
        }
        return m.group(1);
    }
}
