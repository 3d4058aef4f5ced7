package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptwaveCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"features", "cmvn", "segment", "corpus", "units", "score", "bench", "info"})
    void everySubcommandHasHelp(String name) {
        CommandRun run = CommandRun.of(name, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: promptwave " + name), run.out());
    }

    @Test
    void unknownSubcommandIsBadUsage() {
        CommandRun run = CommandRun.of("transcrbe");
        assertEquals(2, run.exitCode());
        assertEquals("promptwave: Unmatched argument at index 0: 'transcrbe' (see 'promptwave --help')", run.err().strip());
    }

    @Test
    void noSubcommandIsBadUsage() {
        CommandRun run = CommandRun.of();
        assertEquals(2, run.exitCode());
        assertEquals("promptwave: missing subcommand (see 'promptwave --help')", run.err().strip());
    }

    @Test
    void infoStartsThePyTorchEngineOffline() {
        CommandRun run = CommandRun.of("info");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("PyTorch 2.7.1 on cpu() (offline: true)"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void serverAndLoadFlagsOutOfRangeAreBadUsage() {
        CommandRun run = CommandRun.of("serve", "--stream-idle-seconds", "0");
        assertEquals(2, run.exitCode());
        assertEquals("promptwave serve: stream idle and open-time limits must be positive seconds, got 0.0 and "
                + "7200.0 (see 'promptwave serve --help')", run.err().strip());
        run = CommandRun.of("serve", "--max-length-ratio", "0.9");
        assertEquals("promptwave serve: max length ratio must be at least 1, got 0.9 (see 'promptwave serve --help')",
                run.err().strip());
        run = CommandRun.of("serve", "--beam", "32");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("promptwave serve: the default beam of 32 is wider than a request may ask for (16): pass --beam "
                + "(see 'promptwave serve --help')", run.err().strip());
        run = CommandRun.of("serve", "--lm-weight", "3");
        assertEquals("promptwave serve: language model weight must be between 0 and 2, got 3.0 "
                + "(see 'promptwave serve --help')", run.err().strip());
        run = CommandRun.of("loadtest", "--clients", "0", "--audio", "../samples/audio/alarm-en-us-8k-mulaw.wav",
                "--prompt", "x");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("promptwave loadtest: clients must be 1 to 10000, got 0 (see 'promptwave loadtest --help')",
                run.err().strip());
        run = CommandRun.of("loadtest", "--beam", "32", "--seconds", "1", "--audio",
                "../samples/audio/alarm-en-us-8k-mulaw.wav");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("promptwave loadtest: the default beam of 32 is wider than a request may ask for (16): pass "
                + "--beam (see 'promptwave loadtest --help')", run.err().strip());
    }
}
