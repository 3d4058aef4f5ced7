package io.promptwave.server.service;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.server.scheduler.BatchKind;
import java.util.List;

/**
 * Transcription rows that can share a batch: same model, language, decoding and number of
 * alternatives. The result of a row is its alternatives, best first.
 *
 * @param model the backbone
 * @param language the {@code <asr>} language token
 * @param options the search
 * @param alternatives transcripts kept per row
 */
record TranscriptionKind(SpeechModel model, String language, DecodingOptions options, int alternatives)
        implements BatchKind<List<Transcript>> {

    @Override
    public List<List<Transcript>> run(List<FeatureSequence> features, List<SoftPrompt> prompts) {
        return new Transcriber(model, options).transcribe(features, language, prompts, alternatives);
    }
}
