package io.promptwave.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadReportTest {
    @Test
    void percentilesAreNearestRankOverSortedLatencies() {
        double[] latencies = new double[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (100 - i) / 100.0;   // 1.00 down to 0.01, unsorted on purpose
        }
        LoadReport r = new LoadReport(10, 100, 30, 12, latencies, 0, List.of());
        assertEquals(0.50, r.latency(0.5), 1e-12);
        assertEquals(0.95, r.latency(0.95), 1e-12);
        assertEquals(0.99, r.latency(0.99), 1e-12);
        assertEquals(0.01, r.latency(0), 1e-12);
        assertEquals(1.00, r.latency(1), 1e-12);
        assertEquals(2.5, r.audioSecondsPerSecond(), 1e-12);
        assertTrue(Double.isNaN(new LoadReport(0, 0, 0, 1, new double[0], 0, List.of()).latency(0.5)));
    }

    @Test
    void badRunsAreRefusedWithTheReason() {
        Recording r = new Recording("tone", new byte[3200], 16000);
        assertEquals(0.1, r.seconds(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LoadConfig(0, List.of(""), List.of(r), 60, 100, false, false));
        assertEquals("clients must be 1 to 10000, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LoadConfig(4, List.of(), List.of(r), 60, 100, false, false));
        assertEquals("a load run needs at least one prompt and one recording", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Recording("odd", new byte[3], 16000));
        assertEquals("odd: PCM16 audio needs a whole, non-zero number of samples, got 3 bytes", e.getMessage());
    }
}
