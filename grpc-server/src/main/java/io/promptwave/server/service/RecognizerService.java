package io.promptwave.server.service;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.promptwave.api.v1.RecognitionAlternative;
import io.promptwave.api.v1.RecognitionConfig;
import io.promptwave.api.v1.RecognizeRequest;
import io.promptwave.api.v1.RecognizeResponse;
import io.promptwave.api.v1.RecognizerGrpc;
import io.promptwave.api.v1.StreamingRecognizeRequest;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.RecordingPieces;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.QueueFullException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@code promptwave.v1.Recognizer}: speech to text, steered by a prompt, through the batch scheduler. */
public final class RecognizerService extends RecognizerGrpc.RecognizerImplBase {
    private final ServiceContext context;
    private final AudioInput input;
    private final RecordingPieces cutter = new RecordingPieces();

    /** @param context the models, scheduler, metrics and limits */
    public RecognizerService(ServiceContext context) {
        this.context = context;
        this.input = new AudioInput(context.limits().maxUnarySeconds());
    }

    /** What a recognition request asked for, checked. */
    record Settings(RecognitionKind kind, boolean wordTimes, boolean wordConfidence) {
    }

    Settings settings(RecognitionConfig c, PromptLease lease) throws BadRequestException {
        DecodingOptions options = context.decoding(c.hasBeamSize() ? Optional.of(c.getBeamSize()) : Optional.empty(),
                c.hasCtcWeight() ? Optional.of(c.getCtcWeight()) : Optional.empty(), lease);
        int alternatives = c.hasMaxAlternatives() ? c.getMaxAlternatives() : 1;
        if (alternatives < 1 || alternatives > options.beamSize()) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config.max_alternatives must be 1 to "
                    + "the beam size (" + options.beamSize() + "), got " + alternatives);
        }
        return new Settings(new RecognitionKind(context.models().model(), context.language(c.getLanguage(), lease),
                options, alternatives), !c.hasWordTimestamps() || c.getWordTimestamps(),
                !c.hasWordConfidence() || c.getWordConfidence());
    }

    @Override
    public void recognize(RecognizeRequest request, StreamObserver<RecognizeResponse> out) {
        String id = RequestIds.of(request.getRequestId());
        CallRecord record = new CallRecord(context.metrics(), "Recognize", request.getPrompt());
        PromptLease lease = null;
        try {
            lease = context.lease(request.getPrompt(), "asr");
            Settings settings = settings(request.getConfig(), lease);
            PcmAudio audio = input.decode(request.getAudio(), "request " + id);
            List<RecordingPieces.Piece> pieces = cutter.cut(audio);
            RecognizeResponse.Builder response = RecognizeResponse.newBuilder().setRequestId(id)
                    .setAudioDurationSeconds(audio.durationSeconds());
            if (lease != null) {
                response.setPrompt(Results.ref(lease));
            }
            if (pieces.isEmpty()) {
                response.addAlternatives(RecognitionAlternative.getDefaultInstance());
                Replies.finish(out, response.build(), record);
                close(lease);
                return;
            }
            Context call = Context.current();
            List<CompletableFuture<List<Transcript>>> rows = context.scheduler().submit(settings.kind(),
                    pieces.stream().map(RecordingPieces.Piece::features).toList(), lease == null ? null : lease.prompt(),
                    record.prompt(), Lane.UNARY, call::isCancelled);
            PromptLease held = lease;
            lease = null;
            CompletableFuture.allOf(rows.toArray(new CompletableFuture<?>[0])).whenComplete((done, error) -> {
                try {
                    if (error != null) {
                        Replies.fail(out, ErrorStatus.of(error, id), record);
                        return;
                    }
                    List<List<Transcript>> parts = rows.stream().map(CompletableFuture::join).toList();
                    for (int k = 0; k < settings.kind().alternatives(); k++) {
                        List<Transcript> chosen = new ArrayList<>();
                        boolean any = false;
                        for (List<Transcript> piece : parts) {
                            any |= k < piece.size();
                            chosen.add(piece.get(Math.min(k, piece.size() - 1)));
                        }
                        if (!any) {
                            break;
                        }
                        response.addAlternatives(Results.alternative(RecordingPieces.join(pieces, chosen),
                                settings.wordTimes(), settings.wordConfidence()));
                    }
                    Replies.finish(out, response.build(), record);
                } finally {
                    close(held);
                }
            });
        } catch (AudioFormatException | BadRequestException | UnknownPromptException | IOException
                | QueueFullException | RuntimeException e) {
            close(lease);
            Replies.fail(out, ErrorStatus.of(e, id), record);
        }
    }

    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(
            StreamObserver<StreamingRecognizeResponse> out) {
        return new RecognitionStream(context, this, (ServerCallStreamObserver<StreamingRecognizeResponse>) out);
    }

    static void close(PromptLease lease) {
        if (lease != null) {
            lease.close();
        }
    }
}
