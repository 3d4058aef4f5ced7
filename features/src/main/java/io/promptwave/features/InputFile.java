package io.promptwave.features;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checks every front-end makes before it opens a user's file, so that a missing file, a
 * directory, an unreadable file and an empty one fail with the same clear messages for audio and
 * images alike.
 */
public final class InputFile {
    private InputFile() {
    }

    /**
     * @param file the file a user named
     * @param kind what it should be, for the message about a directory ("an audio file")
     * @return its size in bytes, at least 1
     * @throws NoSuchFileException when it does not exist
     * @throws AccessDeniedException when it cannot be read
     * @throws IOException when it is a directory or empty
     */
    public static long requireReadable(Path file, String kind) throws IOException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new IOException(source + ": is a directory, not " + kind);
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(source, null, "no such file");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(source, null, "not readable");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException(source + ": empty file (0 bytes)");
        }
        return size;
    }
}
