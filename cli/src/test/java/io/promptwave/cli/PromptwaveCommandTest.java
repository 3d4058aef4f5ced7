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
}
