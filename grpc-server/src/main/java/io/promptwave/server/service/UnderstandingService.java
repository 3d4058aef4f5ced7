package io.promptwave.server.service;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.promptwave.api.v1.StreamingUnderstandRequest;
import io.promptwave.api.v1.StreamingUnderstandResponse;
import io.promptwave.api.v1.UnderstandRequest;
import io.promptwave.api.v1.UnderstandResponse;
import io.promptwave.api.v1.UnderstandingConfig;
import io.promptwave.api.v1.UnderstandingGrpc;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.RecordingPieces;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.slots.SlotDecoding;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.slots.Understanding;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.QueueFullException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code promptwave.v1.Understanding}: transcript, intent and slots of one spoken command, from a
 * prompt trained with {@code --task slots}; its label schema comes with it.
 */
public final class UnderstandingService extends UnderstandingGrpc.UnderstandingImplBase {
    /** A command is one utterance, as the model was trained. */
    static final double MAX_SECONDS = RecordingPieces.MAX_PIECE_SECONDS;
    /**
     * Each intent candidate is one more search of the request's batch: a request may ask for a few, and a
     * prompt that records more is served with this many.
     */
    static final int MAX_INTENT_CANDIDATES = 4;

    private final ServiceContext context;
    private final AudioInput input;
    private final RecordingPieces cutter = new RecordingPieces();

    /** @param context the models, scheduler, metrics and limits */
    public UnderstandingService(ServiceContext context) {
        this.context = context;
        this.input = new AudioInput(MAX_SECONDS);
    }

    /** What an understanding request asked for, checked. */
    record Settings(UnderstandingKind kind, int maxIntents) {
    }

    Settings settings(UnderstandingConfig c, PromptLease lease) throws BadRequestException {
        PromptDecoding recommended = lease.info().decoding();
        // without a recommendation the CTC head stays out: the server's default weight is a transcription's
        DecodingOptions options = context.decoding(c.hasBeamSize() ? Optional.of(c.getBeamSize()) : Optional.empty(),
                c.hasCtcWeight() ? Optional.of(c.getCtcWeight())
                        : recommended != null ? Optional.empty() : Optional.of(0.0), lease);
        if (options.ctcWeight() >= 1) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config.ctc_weight must be below 1: "
                    + "only the decoder writes intents and slots");
        }
        int maxIntents = c.hasMaxIntents() ? c.getMaxIntents() : 5;
        if (maxIntents < 1) {
            throw new BadRequestException(BadRequestException.Reason.INVALID,
                    "config.max_intents must be at least 1, got " + maxIntents);
        }
        SlotSchema schema;
        try {
            schema = SlotSchema.fromConfig(lease.info().labelSchema());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(BadRequestException.Reason.WRONG_TASK, "prompt " + lease.info().id()
                    + " carries no usable label schema: " + e.getMessage());
        }
        int candidates = c.hasIntentCandidates() ? c.getIntentCandidates()
                : recommended != null ? Math.min(recommended.intentCandidatesFor(schema.intentPosition()),
                        MAX_INTENT_CANDIDATES) : 1;
        if (candidates < 1 || candidates > MAX_INTENT_CANDIDATES) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config.intent_candidates must be "
                    + "between 1 and " + MAX_INTENT_CANDIDATES + ", got " + candidates);
        }
        if (schema.intentPosition() == IntentPosition.LAST && candidates > 1) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config.intent_candidates is for "
                    + "prompts that name the intent before the words; prompt " + lease.info().id()
                    + " names it after them and ranks every intent: use 1, not " + candidates);
        }
        boolean wellFormed = c.hasWellFormed() ? c.getWellFormed() : recommended != null && recommended.wellFormed();
        SlotDecoding decoding = SlotDecoding.builder().optSearch(options).optWellFormed(wellFormed)
                .optIntentCandidates(candidates).build();
        return new Settings(new UnderstandingKind(context.models().model(), schema, decoding), maxIntents);
    }

    @Override
    public void understand(UnderstandRequest request, StreamObserver<UnderstandResponse> out) {
        String id = RequestIds.of(request.getRequestId());
        CallRecord record = new CallRecord(context.metrics(), "Understand", request.getPrompt());
        PromptLease lease = null;
        try {
            lease = context.lease(request.getPrompt(), "slots");
            Settings settings = settings(request.getConfig(), lease);
            PcmAudio audio = input.decode(request.getAudio(), "request " + id);
            FeatureSequence features = cutter.command(audio);
            Context call = Context.current();
            CompletableFuture<Understanding> row = context.scheduler().submit(settings.kind(),
                    List.of(features), lease.prompt(), record.prompt(), Lane.UNARY,
                    call::isCancelled).get(0);
            PromptLease held = lease;
            lease = null;
            row.whenComplete((u, error) -> {
                try {
                    if (error != null) {
                        Replies.fail(out, ErrorStatus.of(error, id), record);
                    } else {
                        Replies.finish(out, UnderstandResponse.newBuilder().setRequestId(id)
                                .setResult(Results.understanding(u, settings.maxIntents(), 0))
                                .setPrompt(Results.ref(held)).setAudioDurationSeconds(audio.durationSeconds())
                                .build(), record);
                    }
                } finally {
                    held.close();
                }
            });
        } catch (AudioFormatException | BadRequestException | UnknownPromptException | IOException
                | QueueFullException | RuntimeException e) {
            RecognizerService.close(lease);
            Replies.fail(out, ErrorStatus.of(e, id), record);
        }
    }

    @Override
    public StreamObserver<StreamingUnderstandRequest> streamingUnderstand(
            StreamObserver<StreamingUnderstandResponse> out) {
        return new UnderstandingStream(context, this, (ServerCallStreamObserver<StreamingUnderstandResponse>) out);
    }
}
