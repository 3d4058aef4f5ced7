package io.promptwave.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioTranscriberTest {
    private static final int RATE = 16000;
    private static final Path ALARM = Path.of("../samples/audio/alarm-en-us-8k-mulaw.wav");

    /** The spoken command {@code times} times, each followed by 1.5 s of faint noise: cut at the pauses. */
    private static PcmAudio dictation(float[] command, int times) {
        int gap = (int) (1.5 * RATE);
        float[] all = new float[times * (command.length + gap)];
        Random noise = new Random(7);
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) (noise.nextGaussian() * 1e-4);
        }
        for (int k = 0; k < times; k++) {
            System.arraycopy(command, 0, all, k * (command.length + gap), command.length);
        }
        return PcmAudio.of(all, RATE, "dictation.wav");
    }

    @Test
    void aLongRecordingIsDecodedInSeveralBatchesAndReadsAsIfAllItsPiecesWentTogether() throws Exception {
        PcmAudio command = new AudioDecoder().decode(ALARM, RATE);
        PcmAudio longOne = dictation(command.samples(), 28); // 2.6 s of speech in each 4.1 s: two batches
        try (SpeechModel model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 11)) {
            List<RecordingPieces.Piece> pieces = new RecordingPieces().cut(longOne);
            int frames = pieces.stream().mapToInt(p -> p.features().frames()).sum();
            assertTrue(frames > AudioTranscriber.BATCH_FRAMES, frames + " frames fit one batch");

            List<Transcript> got = new AudioTranscriber(model, DecodingOptions.GREEDY)
                    .transcribeAll(List.of(longOne, command), "en", null);

            // the reference: every piece of both recordings in one batch, as before batches had a size
            List<RecordingPieces.Piece> alarm = new RecordingPieces().cut(command);
            List<io.promptwave.features.FeatureSequence> all = new ArrayList<>();
            pieces.forEach(p -> all.add(p.features()));
            alarm.forEach(p -> all.add(p.features()));
            List<Transcript> together = new Transcriber(model, DecodingOptions.GREEDY).transcribe(all, "en",
                    Collections.nCopies(all.size(), null));
            List<Transcript> expected = List.of(RecordingPieces.join(pieces, together.subList(0, pieces.size())),
                    RecordingPieces.join(alarm, together.subList(pieces.size(), all.size())));
            assertEquals(2, got.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(expected.get(i).text(), got.get(i).text());
                assertEquals(expected.get(i).words().size(), got.get(i).words().size());
                for (int w = 0; w < expected.get(i).words().size(); w++) {
                    Word e = expected.get(i).words().get(w);
                    Word g = got.get(i).words().get(w);
                    assertEquals(e.text(), g.text());
                    assertEquals(e.start(), g.start(), 1e-6);
                    assertEquals(e.end(), g.end(), 1e-6);
                }
                assertEquals(expected.get(i).confidence(), got.get(i).confidence(), 1e-4);
            }
            assertTrue(got.get(0).words().size() > got.get(1).words().size(), "the long one holds more words");
        }
    }
}
