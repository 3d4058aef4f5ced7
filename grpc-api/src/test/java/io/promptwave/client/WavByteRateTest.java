package io.promptwave.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WavByteRateTest {
    private static final Path NAME = Path.of("call.wav");

    /** A WAV header with an optional JUNK chunk before fmt, 8 kHz mono 16-bit (16,000 bytes per s). */
    private static byte[] wav(boolean junkFirst) {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(100).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        if (junkFirst) {
            b.put("JUNK".getBytes(StandardCharsets.US_ASCII)).putInt(27).put(new byte[28]);   // odd size, padded
        }
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    @Test
    void findsTheFmtChunkWhereverItIs() throws IOException {
        assertEquals(16000, PromptwaveClient.wavByteRate(wav(false), NAME));
        assertEquals(16000, PromptwaveClient.wavByteRate(wav(true), NAME));
    }

    @Test
    void refusesWhatIsNotAWavFile() {
        IOException e = assertThrows(IOException.class,
                () -> PromptwaveClient.wavByteRate("ID3 not a wave".getBytes(StandardCharsets.US_ASCII), NAME));
        assertEquals("call.wav: not a WAV file (no RIFF/WAVE header)", e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(wav(true), 20);
        e = assertThrows(IOException.class, () -> PromptwaveClient.wavByteRate(cut, NAME));
        assertEquals("call.wav: no fmt chunk", e.getMessage());
    }
}
