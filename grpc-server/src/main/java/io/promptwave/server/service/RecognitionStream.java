package io.promptwave.server.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.promptwave.api.v1.SpeechEvent;
import io.promptwave.api.v1.StreamingRecognitionConfig;
import io.promptwave.api.v1.StreamingRecognitionResult;
import io.promptwave.api.v1.StreamingRecognizeRequest;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.QueueFullException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One {@code StreamingRecognize} call: interim and final transcripts per utterance. */
final class RecognitionStream extends AudioStreamCall<StreamingRecognizeRequest, StreamingRecognizeResponse> {
    private final RecognizerService service;
    private RecognizerService.Settings settings;
    private RecognitionKind interimKind;

    RecognitionStream(ServiceContext context, RecognizerService service,
            ServerCallStreamObserver<StreamingRecognizeResponse> out) {
        super(context, out, "StreamingRecognize");
        this.service = service;
    }

    @Override
    boolean isConfig(StreamingRecognizeRequest m) {
        return m.hasConfig();
    }

    @Override
    byte[] audio(StreamingRecognizeRequest m) {
        return m.getRequestCase() == StreamingRecognizeRequest.RequestCase.AUDIO ? m.getAudio().toByteArray() : null;
    }

    @Override
    String prompt(StreamingRecognizeRequest m) {
        return m.getPrompt();
    }

    @Override
    Setup configure(StreamingRecognizeRequest m) throws BadRequestException, UnknownPromptException {
        StreamingRecognitionConfig c = m.getConfig();
        PromptLease lease = context.lease(m.getPrompt(), "asr");
        try {
            settings = service.settings(c.getConfig(), lease);
            // interim results are previews, one pass each: greedy on the CTC head when there is one (cheap, and
            // on the shipped base far closer to the final text than greedy on the decoder), whatever the final search
            RecognitionKind k = settings.kind();
            double ctc = k.model().backbone().hasCtcHead() ? 1.0 : 0.0;
            interimKind = new RecognitionKind(k.model(), k.language(), context.decoding(java.util.Optional.of(1),
                    java.util.Optional.of(ctc), null), 1);
            return new Setup(lease, c.getFormat(), c.getEndpointing(), !c.hasInterimResults() || c.getInterimResults(),
                    Streams.interimInterval(c.hasInterimIntervalSeconds(), c.getInterimIntervalSeconds()),
                    RequestIds.of(c.getRequestId()), false);
        } catch (BadRequestException | RuntimeException e) {
            RecognizerService.close(lease);
            throw e;
        }
    }

    @Override
    StreamingRecognizeResponse event(SpeechEvent event) {
        return base().setSpeechEvent(event).build();
    }

    private StreamingRecognizeResponse.Builder base() {
        StreamingRecognizeResponse.Builder b = StreamingRecognizeResponse.newBuilder().setRequestId(requestId());
        if (lease() != null) {
            b.setPrompt(Results.ref(lease()));
        }
        return b;
    }

    @Override
    CompletableFuture<StreamingRecognizeResponse> interim(FeatureSequence features, int index)
            throws QueueFullException {
        return submit(interimKind, features).thenApply(alternatives -> {
            Transcript t = alternatives.get(0);
            return base().setResult(StreamingRecognitionResult.newBuilder().setIsFinal(false)
                    .setStability((float) Streams.stability(t)).setUtteranceIndex(index)
                    .addAlternatives(Results.alternative(t, false, false).toBuilder().clearWords()
                            .setText(Streams.interimText(t.text())))).build();
        });
    }

    @Override
    CompletableFuture<StreamingRecognizeResponse> finalResult(FeatureSequence features, int index, double start,
            double end) throws QueueFullException {
        return submit(settings.kind(), features).thenApply(alternatives -> {
            StreamingRecognitionResult.Builder r = StreamingRecognitionResult.newBuilder().setIsFinal(true)
                    .setStability(1).setUtteranceIndex(index).setStartSeconds(start).setEndSeconds(end);
            for (Transcript t : alternatives) {
                r.addAlternatives(Results.shifted(Results.alternative(t, settings.wordTimes(),
                        settings.wordConfidence()), start));
            }
            return base().setResult(r).build();
        });
    }

    private CompletableFuture<List<Transcript>> submit(RecognitionKind kind, FeatureSequence features)
            throws QueueFullException {
        return context.scheduler().submit(kind, List.of(features), lease() == null ? null : lease().prompt(),
                lease() == null ? "" : lease().info().name(), Lane.STREAMING, this::isCancelled).get(0);
    }
}
