package io.promptwave.server.service;

import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.features.FeatureSequence;
import io.promptwave.server.scheduler.BatchKind;
import java.util.List;

/**
 * Text-line rows that can share a batch: same model, language and decoding. A row is one line of
 * an image; its result is the line's reading.
 *
 * @param model the backbone, with an image front-end
 * @param language the {@code <ocr>} language token
 * @param options the search
 */
record ReadingKind(SpeechModel model, String language, DecodingOptions options) implements BatchKind<Transcript> {

    @Override
    public List<Transcript> run(List<FeatureSequence> features, List<SoftPrompt> prompts) {
        return new Transcriber(model, options).read(features, language, prompts);
    }
}
