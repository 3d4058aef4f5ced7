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
 * Rows that can share a batch: same model, language, decoding and number of alternatives. Speech
 * rows (Recognizer) and text-line rows (Reader) with equal settings run in one batch; each row's
 * features say which it is ({@link Transcriber#recognize}). The result of a row is its
 * alternatives, best first.
 *
 * @param model the backbone
 * @param language the language token of the {@code <asr>} or {@code <ocr>} task
 * @param options the search
 * @param alternatives transcripts kept per row
 */
record RecognitionKind(SpeechModel model, String language, DecodingOptions options, int alternatives)
        implements BatchKind<List<Transcript>> {

    @Override
    public List<List<Transcript>> run(List<FeatureSequence> features, List<SoftPrompt> prompts) {
        return new Transcriber(model, options).recognize(features, language, prompts, alternatives);
    }

    /** Encoder frames: speech and line rows are kept similar in what the encoder pads, not in input frames. */
    @Override
    public int length(FeatureSequence row) {
        try {
            return model.backbone().frontEndFor(row.dims()).outputLength(row.frames());
        } catch (IllegalArgumentException e) {
            // a row no front-end reads fails when its batch runs, with the reason; here it only needs a place
            return row.frames();
        }
    }

    /** A text line's columns are not audio: only speech rows count toward the audio metrics. */
    @Override
    public double audioSeconds(FeatureSequence row) {
        return model.backbone().readsAsImage(row.dims()) ? 0 : BatchKind.super.audioSeconds(row);
    }
}
