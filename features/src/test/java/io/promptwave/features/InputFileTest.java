package io.promptwave.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {
    @Test
    void namesEachReasonAFileCannotBeUsed(@TempDir Path dir) throws IOException {
        assertEquals(dir + ": is a directory, not an image file",
                assertThrows(IOException.class, () -> InputFile.requireReadable(dir, "an image file")).getMessage());
        Path missing = dir.resolve("missing.wav");
        assertEquals(missing + ": no such file",
                assertThrows(NoSuchFileException.class, () -> InputFile.requireReadable(missing, "x")).getMessage());
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertEquals(empty + ": empty file (0 bytes)",
                assertThrows(IOException.class, () -> InputFile.requireReadable(empty, "x")).getMessage());
        Path three = Files.write(dir.resolve("three.bin"), new byte[] {1, 2, 3});
        assertEquals(3, InputFile.requireReadable(three, "x"));
    }
}
