package io.promptwave.server.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.promptwave.api.v1.FinalUnderstanding;
import io.promptwave.api.v1.InterimTranscript;
import io.promptwave.api.v1.SpeechEvent;
import io.promptwave.api.v1.StreamingUnderstandConfig;
import io.promptwave.api.v1.StreamingUnderstandRequest;
import io.promptwave.api.v1.StreamingUnderstandResponse;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.core.slots.SlotDecoding;
import io.promptwave.core.slots.Understanding;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.QueueFullException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code StreamingUnderstand} call: interim transcripts while a command is spoken, then its
 * intent and slots. The interim text is the transcript part of the slot prompt's own output, so
 * it is what the final result will say if the speaker stops there; interim passes decode after the
 * first-guess intent alone, since each further intent candidate is one more search per refresh.
 */
final class UnderstandingStream extends AudioStreamCall<StreamingUnderstandRequest, StreamingUnderstandResponse> {
    private final UnderstandingService service;
    private UnderstandingService.Settings settings;
    private UnderstandingKind interimKind;

    UnderstandingStream(ServiceContext context, UnderstandingService service,
            ServerCallStreamObserver<StreamingUnderstandResponse> out) {
        super(context, out, "StreamingUnderstand");
        this.service = service;
    }

    @Override
    boolean isConfig(StreamingUnderstandRequest m) {
        return m.hasConfig();
    }

    @Override
    byte[] audio(StreamingUnderstandRequest m) {
        return m.getRequestCase() == StreamingUnderstandRequest.RequestCase.AUDIO ? m.getAudio().toByteArray() : null;
    }

    @Override
    String prompt(StreamingUnderstandRequest m) {
        return m.getPrompt();
    }

    @Override
    Setup configure(StreamingUnderstandRequest m) throws BadRequestException, UnknownPromptException {
        StreamingUnderstandConfig c = m.getConfig();
        PromptLease lease = context.lease(m.getPrompt(), "slots");
        try {
            settings = service.settings(c.getConfig(), lease);
            UnderstandingKind k = settings.kind();
            interimKind = new UnderstandingKind(k.model(), k.schema(), SlotDecoding.builder()
                    .optSearch(k.decoding().search()).optWellFormed(k.decoding().wellFormed()).build());
            return new Setup(lease, c.getFormat(), c.getEndpointing(), !c.hasInterimResults() || c.getInterimResults(),
                    Streams.interimInterval(c.hasInterimIntervalSeconds(), c.getInterimIntervalSeconds()),
                    RequestIds.of(c.getRequestId()), true);
        } catch (BadRequestException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private StreamingUnderstandResponse.Builder base() {
        return StreamingUnderstandResponse.newBuilder().setRequestId(requestId()).setPrompt(Results.ref(lease()));
    }

    @Override
    StreamingUnderstandResponse event(SpeechEvent event) {
        return base().setSpeechEvent(event).build();
    }

    @Override
    CompletableFuture<StreamingUnderstandResponse> interim(FeatureSequence features, int index)
            throws QueueFullException {
        return submit(interimKind, features).thenApply(u -> base().setInterim(InterimTranscript.newBuilder()
                .setText(Streams.interimText(u.text())).setStability((float) u.intentConfidence())
                .setUtteranceIndex(index)).build());
    }

    @Override
    CompletableFuture<StreamingUnderstandResponse> finalResult(FeatureSequence features, int index, double start,
            double end) throws QueueFullException {
        return submit(settings.kind(), features).thenApply(u -> base().setFinal(FinalUnderstanding.newBuilder()
                .setResult(Results.understanding(u, settings.maxIntents(), start)).setStartSeconds(start)
                .setEndSeconds(end).setUtteranceIndex(index)).build());
    }

    private CompletableFuture<Understanding> submit(UnderstandingKind kind, FeatureSequence features)
            throws QueueFullException {
        return context.scheduler().submit(kind, List.of(features), lease().prompt(), lease().info().name(),
                Lane.STREAMING, this::isCancelled).get(0);
    }
}
