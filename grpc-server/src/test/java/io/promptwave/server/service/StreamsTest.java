package io.promptwave.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamsTest {
    @Test
    void interimTextsCollapseThePausesGreedyCtcSpellsAsSpaces() {
        assertEquals("woae meou a i", Streams.interimText(" woae meou a  i   "));
        assertEquals("", Streams.interimText("   "));
        assertEquals("wake me up", Streams.interimText("wake me up"));
    }
}
