package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final Path SCREENSHOT = Path.of("../samples/images/line-screenshot.png");

    @Test
    void imageBenchReportsEachStageOfEachImage() {
        CommandRun run = CommandRun.of("bench", "--seconds", "0.05", "--images", SCREENSHOT.toString());
        assertEquals(0, run.exitCode(), run.err());
        // the bundled screenshot is 421 x 36: 374 pixels wide at height 32, so 94 four-pixel columns
        assertTrue(run.out().startsWith(SCREENSHOT + ": 3131 bytes, 421 x 36, 94 patch columns at height 32\n"),
                run.out());
        for (String row : new String[] {"decode", "decode \\+ normalise \\+ patches",
            "decode \\+ deskew \\+ normalise \\+ patches", "peer: javax.imageio decode"}) {
            Matcher m = Pattern.compile("\n  " + row + " +(\\d+) images/s").matcher(run.out());
            assertTrue(m.find(), row + " missing from\n" + run.out());
            assertTrue(Long.parseLong(m.group(1)) > 0);
        }
    }

    @Test
    void aBadImageIsNamed(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        CommandRun run = CommandRun.of("bench", "--seconds", "0.05", "--images", text.toString());
        assertEquals(1, run.exitCode());
        assertEquals("promptwave bench: notes.png: not an image Promptwave reads (starts with 0x6e6f7420616e2069 "
                + "\"not an i\"); it reads PNG, JPEG, WebP, BMP and TIFF\n", run.err());
    }
}
