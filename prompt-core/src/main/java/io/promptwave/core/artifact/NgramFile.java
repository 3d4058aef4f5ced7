package io.promptwave.core.artifact;

import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.TextForm;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The file of a {@link CharNgramModel}: a gzip stream holding the magic {@code PWLM}, the format
 * version, the language, (from format 2) the text form, the order, the number of sentences, and the
 * highest order's n-grams in ascending order (each as the difference from the previous key, which
 * compresses well) with their counts. The lower orders are rebuilt from these when the file is read.
 * A model of spoken-form text is written as format 1, which has no form field, so that the files every
 * earlier build wrote and reads stay the same; a written-form model needs format 2.
 */
public final class NgramFile {
    private static final int MAGIC = 0x50574c4d;
    private static final int SPOKEN_VERSION = 1;
    private static final int VERSION = 2;
    // 20 M n-grams are 320 MB once read; the shipped models hold under 0.3 M, and a prompt's arrives by upload
    private static final int MOST_NGRAMS = 20_000_000;

    private NgramFile() {
    }

    /**
     * Reads the language model a directory's config names.
     *
     * @param dir a model or prompt directory whose config names a language model
     * @param config the config's file name, for the error
     * @param fileName the model's file name inside the directory
     * @return the model
     * @throws ModelFormatException naming the directory when the file is missing, or the file when it is damaged
     * @throws IOException when it cannot be read
     */
    static CharNgramModel readNamed(Path dir, String config, String fileName) throws ModelFormatException,
            IOException {
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir + ": " + config + " names a language model but " + fileName
                    + " is missing");
        }
        return read(file);
    }

    /**
     * The description of a stored language model that a model's or a prompt's config carries under
     * {@code language_model}.
     *
     * @param fileName the file's name inside the directory
     * @param lm the model
     * @return the section
     */
    static com.google.gson.JsonObject section(String fileName, CharNgramModel lm) {
        com.google.gson.JsonObject section = new com.google.gson.JsonObject();
        section.addProperty("file", fileName);
        section.addProperty("kind", "byte n-gram, interpolated Kneser-Ney");
        section.addProperty("language", lm.language());
        section.addProperty("form", lm.form().code());
        section.addProperty("order", lm.order());
        section.addProperty("sentences", lm.sentences());
        section.addProperty("ngrams", lm.storedNgrams());
        return section;
    }

    /**
     * Writes the file through a temporary sibling, so a reader never sees half of it.
     *
     * @param file where to write (replaced)
     * @param lm the model
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, CharNgramModel lm) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long[] ngrams = lm.ngrams();
        long[] counts = lm.counts();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new GZIPOutputStream(Files.newOutputStream(tmp))))) {
            out.writeInt(MAGIC);
            boolean spoken = lm.form() == TextForm.SPOKEN;
            out.writeInt(spoken ? SPOKEN_VERSION : VERSION);
            out.writeUTF(lm.language());
            if (!spoken) {
                out.writeUTF(lm.form().code());
            }
            out.writeInt(lm.order());
            out.writeLong(lm.sentences());
            out.writeInt(ngrams.length);
            long previous = 0;
            for (int i = 0; i < ngrams.length; i++) {
                out.writeLong(ngrams[i] - previous);
                previous = ngrams[i];
                out.writeInt((int) counts[i]);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @param file a file written by {@link #write}
     * @return the model
     * @throws ModelFormatException naming the file when it is not such a file, is truncated or inconsistent
     * @throws IOException when it cannot be read
     */
    public static CharNgramModel read(Path file) throws ModelFormatException, IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(file))))) {
            if (in.readInt() != MAGIC) {
                throw new ModelFormatException(file + ": not a Promptwave n-gram language model");
            }
            int version = in.readInt();
            if (version != SPOKEN_VERSION && version != VERSION) {
                throw new ModelFormatException(file + ": language model format " + version + ", this version reads "
                        + SPOKEN_VERSION + " and " + VERSION);
            }
            String language = in.readUTF();
            TextForm form = version == SPOKEN_VERSION ? TextForm.SPOKEN : TextForm.of(in.readUTF());
            int order = in.readInt();
            long sentences = in.readLong();
            int n = in.readInt();
            if (n < 1 || n > MOST_NGRAMS) {
                throw new ModelFormatException(file + ": " + n + " n-grams is not a plausible count");
            }
            // grown as the data arrives, and checked on the way, so a count the file does not back costs nothing
            long[] ngrams = new long[Math.min(n, 1 << 16)];
            long[] counts = new long[ngrams.length];
            long previous = 0;
            for (int i = 0; i < n; i++) {
                if (i == ngrams.length) {
                    int grown = (int) Math.min(n, 2L * ngrams.length);
                    ngrams = java.util.Arrays.copyOf(ngrams, grown);
                    counts = java.util.Arrays.copyOf(counts, grown);
                }
                long delta = in.readLong();
                int count = in.readInt();
                if (delta <= 0 || count < 1) {
                    throw new ModelFormatException(file + ": n-gram " + i + " is out of order or has count " + count);
                }
                ngrams[i] = previous + delta;
                counts[i] = count;
                previous = ngrams[i];
            }
            if (in.read() != -1) {
                throw new ModelFormatException(file + ": data after the last n-gram");
            }
            return CharNgramModel.of(language, form, order, sentences, ngrams, counts);
        } catch (java.io.UTFDataFormatException e) {
            throw new ModelFormatException(file + ": its language or form is not readable text");
        } catch (EOFException e) {
            throw new ModelFormatException(file + ": truncated language model");
        } catch (ZipException e) {
            throw new ModelFormatException(file + ": not a gzip stream (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }
}
