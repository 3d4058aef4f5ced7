package io.promptwave.server.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.promptwave.api.v1.Endpointing;
import io.promptwave.api.v1.SpeechEvent;
import io.promptwave.api.v1.StreamAudioFormat;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.ChunkedAudioDecoder;
import io.promptwave.audio.decode.StreamEncoding;
import io.promptwave.audio.segment.EndpointerConfig;
import io.promptwave.audio.segment.StreamingEndpointer;
import io.promptwave.core.decode.RecordingPieces;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.server.scheduler.QueueFullException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One bidirectional audio stream: the first message configures it, then audio chunks are decoded
 * as they come, an endpointer finds utterances, interim results are computed while one is spoken
 * (at most one at a time) and each finished utterance gets its final result, in order.
 *
 * <p>Flow control both ways: the server reads the next message only once the last is handled and
 * fewer than {@link ServiceLimits#maxPendingUtterances()} finished utterances wait for results, so
 * a client sending faster than the model reads is slowed, not buffered; responses go out while the
 * client reads them, interim results are dropped while it does not, and a client that stops reading
 * altogether is cut off. Memory per stream is one utterance of audio plus a few responses.
 *
 * <p>gRPC calls the request side one message at a time; results arrive on the scheduler's thread;
 * every method that touches the state holds the call's lock.
 *
 * @param <Q> request message
 * @param <S> response message
 */
abstract class AudioStreamCall<Q, S> implements StreamObserver<Q> {
    /** Responses a client may leave unread before the stream is cut off. */
    private static final int MAX_OUTBOX = 128;
    private static final double MAX_UTTERANCE = RecordingPieces.MAX_PIECE_SECONDS;

    protected final ServiceContext context;
    private final ServerCallStreamObserver<S> out;
    private final String method;
    private CallRecord record;
    private final RecordingPieces cutter = new RecordingPieces();
    private final ArrayDeque<S> outbox = new ArrayDeque<>();

    /** What the first message set up. */
    protected record Setup(PromptLease lease, StreamAudioFormat format, Endpointing endpointing,
            boolean interimResults, double interimInterval, String requestId, boolean singleUtteranceDefault) {
    }

    private Setup setup;
    private ChunkedAudioDecoder decoder;
    private StreamingEndpointer endpointer;
    private boolean singleUtterance;
    private boolean audioClosed;
    private boolean halfClosed;
    private boolean finished;
    private boolean started;
    private boolean paused;
    private int utterance;
    private double lastInterim;
    private boolean interimInFlight;
    private int pendingFinals;
    private int rowsInFlight;
    private CompletableFuture<Void> finals = CompletableFuture.completedFuture(null);
    private final long openedNanos = System.nanoTime();
    private long lastMessageNanos = openedNanos;
    private ScheduledFuture<?> timer;

    AudioStreamCall(ServiceContext context, ServerCallStreamObserver<S> out, String method) {
        this.context = context;
        this.out = out;
        this.method = method;
        this.record = new CallRecord(context.metrics(), method, "");
        out.disableAutoRequest();
        out.setOnReadyHandler(this::onReady);
        out.setOnCancelHandler(this::onCancel);
        long every = (long) Math.max(50, Math.min(5000, context.limits().streamIdleSeconds() * 250));
        ScheduledFuture<?> t = context.timers().scheduleAtFixedRate(this::checkTimeouts, every, every,
                TimeUnit.MILLISECONDS);
        synchronized (this) {
            timer = t;
        }
    }

    /** Ends a stream whose client has gone quiet, or that has been open too long. */
    private synchronized void checkTimeouts() {
        if (finished) {
            if (timer != null) {
                timer.cancel(false);
            }
            return;
        }
        long now = System.nanoTime();
        ServiceLimits limits = context.limits();
        String stream = setup == null ? "the stream" : "stream " + setup.requestId();
        if ((now - openedNanos) / 1e9 > limits.maxStreamWallSeconds()) {
            fail(Status.DEADLINE_EXCEEDED.withDescription(stream + " has been open for more than "
                    + seconds(limits.maxStreamWallSeconds()) + " s, the server's limit; open a new stream")
                    .asRuntimeException());
        } else if (!paused && !halfClosed && (now - lastMessageNanos) / 1e9 > limits.streamIdleSeconds()) {
            // a paused stream waits on the server, a half-closed one on its results: neither is the client's idling
            fail(Status.DEADLINE_EXCEEDED.withDescription(stream + ": no message for "
                    + seconds(limits.streamIdleSeconds()) + " s; send audio (silence counts) or end the stream")
                    .asRuntimeException());
        }
    }

    /** 60 as "60", 0.4 as "0.4". */
    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /** @return whether the message is the config */
    abstract boolean isConfig(Q message);

    /** @return the message's audio chunk, or null when it has none */
    abstract byte[] audio(Q message);

    /** @return the prompt the message names */
    abstract String prompt(Q message);

    /** Reads the config message and leases its prompt. */
    abstract Setup configure(Q message) throws BadRequestException, UnknownPromptException;

    /** @return the response announcing a speech event */
    abstract S event(SpeechEvent event);

    /** Submits an interim row; the future's value is the response (null to send nothing). */
    abstract CompletableFuture<S> interim(FeatureSequence features, int index) throws QueueFullException;

    /** Submits the final row of an utterance; the future's value is the response. */
    abstract CompletableFuture<S> finalResult(FeatureSequence features, int index, double start, double end)
            throws QueueFullException;

    /** @return the lease, for the subclasses' rows */
    protected final PromptLease lease() {
        return setup.lease();
    }

    /** @return the request id of the stream */
    protected final String requestId() {
        return setup == null ? "" : setup.requestId();
    }

    /** @return true once the call has ended or the client has gone */
    protected final boolean isCancelled() {
        return finished || out.isCancelled();
    }

    private synchronized void onReady() {
        if (!started) {
            started = true;
            out.request(1);
        }
        while (!outbox.isEmpty() && out.isReady() && !finished) {
            out.onNext(outbox.poll());
        }
    }

    private synchronized void onCancel() {
        if (!finished) {
            finished = true;
            record.done(Status.Code.CANCELLED);
            releaseWhenIdle();
        }
    }

    @Override
    public synchronized void onNext(Q message) {
        if (finished) {
            return;
        }
        lastMessageNanos = System.nanoTime();
        try {
            if (setup == null) {
                if (!isConfig(message)) {
                    throw new BadRequestException(BadRequestException.Reason.INVALID,
                            "the first message of a stream must carry the config");
                }
                start(message);
            } else if (isConfig(message)) {
                throw new BadRequestException(BadRequestException.Reason.INVALID,
                        "the config comes once, in the first message");
            } else {
                String prompt = prompt(message);
                if (!prompt.isEmpty() && !prompt.equals(record.prompt()) && !prompt.startsWith(record.prompt() + "@")) {
                    throw new BadRequestException(BadRequestException.Reason.INVALID, "message for prompt '" + prompt
                            + "' on a stream opened for '" + record.prompt() + "'");
                }
                byte[] chunk = audio(message);
                if (chunk == null) {
                    throw new BadRequestException(BadRequestException.Reason.INVALID,
                            "a message after the config must carry audio");
                }
                if (!audioClosed) {
                    feed(decoder.accept(chunk));
                }
            }
            if (!finished) {
                if (pendingFinals < context.limits().maxPendingUtterances()) {
                    out.request(1);
                } else {
                    paused = true;
                }
            }
        } catch (AudioFormatException | BadRequestException | UnknownPromptException | QueueFullException
                | RuntimeException e) {
            fail(ErrorStatus.of(e, requestId()));
        }
    }

    private void start(Q message) throws BadRequestException, UnknownPromptException, AudioFormatException {
        Setup s = configure(message);
        record = new CallRecord(context.metrics(), method, prompt(message));
        setup = s;
        StreamAudioFormat f = s.format();
        StreamEncoding encoding = f.getEncoding() == io.promptwave.api.v1.AudioEncoding.AUDIO_ENCODING_UNSPECIFIED
                ? StreamEncoding.WAV : AudioInput.encoding(f.getEncoding(), "format.encoding");
        decoder = new ChunkedAudioDecoder(encoding, f.getSampleRateHertz(), f.getChannels() == 0 ? 1 : f.getChannels(),
                AudioInput.MODEL_RATE, context.limits().maxStreamSeconds(), "stream " + s.requestId());
        Endpointing e = s.endpointing();
        EndpointerConfig.Builder b = EndpointerConfig.builder();
        try {
            if (e.hasTrailingSilenceSeconds()) {
                b.optTrailingSilence(e.getTrailingSilenceSeconds());
            }
            b.optMaxUtterance(e.hasMaxUtteranceSeconds() ? e.getMaxUtteranceSeconds() : 15);
            if (e.hasSpeechThresholdDb()) {
                b.optThresholdDb(e.getSpeechThresholdDb());
            }
            if (e.hasMaxUtteranceSeconds() && e.getMaxUtteranceSeconds() > MAX_UTTERANCE) {
                throw new IllegalArgumentException("maximum utterance must be at most " + (int) MAX_UTTERANCE
                        + " s, got " + e.getMaxUtteranceSeconds());
            }
        } catch (IllegalArgumentException bad) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "endpointing: " + bad.getMessage());
        }
        endpointer = new StreamingEndpointer(b.build(), AudioInput.MODEL_RATE);
        singleUtterance = e.hasSingleUtterance() ? e.getSingleUtterance() : s.singleUtteranceDefault();
    }

    private void feed(float[] samples) throws QueueFullException {
        for (StreamingEndpointer.Event e : endpointer.accept(samples)) {
            handle(e);
            if (audioClosed) {
                return;
            }
        }
        maybeInterim();
    }

    private void handle(StreamingEndpointer.Event e) throws QueueFullException {
        if (e instanceof StreamingEndpointer.SpeechStarted started) {
            lastInterim = 0;
            send(event(SpeechEvent.newBuilder().setType(SpeechEvent.Type.SPEECH_STARTED)
                    .setOffsetSeconds(started.offset()).build()), false);
        } else if (e instanceof StreamingEndpointer.SpeechEnded ended) {
            send(event(SpeechEvent.newBuilder().setType(SpeechEvent.Type.SPEECH_ENDED)
                    .setOffsetSeconds(ended.offset()).build()), false);
            submitFinal(ended.utterance(), ended.start(), ended.offset());
            if (singleUtterance) {
                audioClosed = true;
                send(event(SpeechEvent.newBuilder().setType(SpeechEvent.Type.END_OF_SINGLE_UTTERANCE)
                        .setOffsetSeconds(ended.offset()).build()), false);
            }
        }
    }

    private void maybeInterim() throws QueueFullException {
        if (!setup.interimResults() || interimInFlight || !endpointer.inSpeech()) {
            return;
        }
        PcmAudio partial = endpointer.partial();
        if (partial.durationSeconds() - lastInterim < setup.interimInterval()) {
            return;
        }
        FeatureSequence features = features(partial);
        if (features == null) {
            return;
        }
        lastInterim = partial.durationSeconds();
        int index = utterance;
        // counted only once admitted: a row the full queue refused would keep the lease forever
        CompletableFuture<S> pending = interim(features, index);
        interimInFlight = true;
        rowsInFlight++;
        pending.whenComplete((response, error) -> interimDone(index, response, error));
    }

    private synchronized void interimDone(int index, S response, Throwable error) {
        interimInFlight = false;
        rowsInFlight--;
        // an interim result of an utterance that has ended is stale: its final result is on its way
        if (error == null && response != null && index == utterance && !finished) {
            send(response, true);
        }
        releaseWhenIdle();
    }

    private void submitFinal(PcmAudio audio, double start, double end) throws QueueFullException {
        int index = utterance++;
        FeatureSequence features = features(audio);
        if (features == null) {
            return;
        }
        CompletableFuture<S> result = finalResult(features, index, start, end);
        pendingFinals++;
        rowsInFlight++;
        // finals go out in utterance order, whichever batch finishes first
        finals = finals.thenCombine(result.handle((r, err) -> new Object[] {r, err}), (v, o) -> o)
                .thenAccept(o -> finalDone(o));
    }

    @SuppressWarnings("unchecked")
    private synchronized void finalDone(Object[] outcome) {
        pendingFinals--;
        rowsInFlight--;
        if (outcome[1] != null) {
            fail(ErrorStatus.of((Throwable) outcome[1], requestId()));
        } else if (!finished) {
            send((S) outcome[0], false);
            if (paused && pendingFinals < context.limits().maxPendingUtterances()) {
                lastMessageNanos = System.nanoTime();
                paused = false;
                out.request(1);
            }
        }
        maybeComplete();
        releaseWhenIdle();
    }

    private FeatureSequence features(PcmAudio audio) {
        try {
            List<RecordingPieces.Piece> pieces = cutter.cut(audio);
            return pieces.isEmpty() ? null : pieces.get(0).features();
        } catch (AudioFormatException tooShort) {
            // a click the endpointer took for speech: nothing to say about it
            return null;
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        onCancel();
    }

    @Override
    public synchronized void onCompleted() {
        if (finished) {
            return;
        }
        halfClosed = true;
        try {
            if (setup == null) {
                throw new BadRequestException(BadRequestException.Reason.INVALID,
                        "the stream ended before its config message");
            }
            if (!audioClosed) {
                feed(decoder.finish());
                for (StreamingEndpointer.Event e : endpointer.finish()) {
                    handle(e);
                }
            }
            maybeComplete();
        } catch (AudioFormatException | BadRequestException | QueueFullException | RuntimeException e) {
            fail(ErrorStatus.of(e, requestId()));
        }
    }

    private void maybeComplete() {
        if (!finished && (halfClosed || audioClosed) && pendingFinals == 0) {
            finished = true;
            if (!out.isCancelled()) {
                while (!outbox.isEmpty()) {
                    out.onNext(outbox.poll());
                }
                out.onCompleted();
            }
            record.done(Status.Code.OK);
            releaseWhenIdle();
        }
    }

    private void send(S response, boolean droppable) {
        if (finished || out.isCancelled()) {
            return;
        }
        if (outbox.isEmpty() && out.isReady()) {
            out.onNext(response);
        } else if (!droppable) {
            outbox.add(response);
            if (outbox.size() > MAX_OUTBOX) {
                fail(Status.RESOURCE_EXHAUSTED.withDescription("the client left " + MAX_OUTBOX
                        + " responses unread; the stream is closed").asRuntimeException());
            }
        }
    }

    private void fail(StatusRuntimeException status) {
        if (finished) {
            return;
        }
        finished = true;
        record.done(status.getStatus().getCode());
        // the prompt goes back before the client hears: a client that retries at once finds it free
        releaseWhenIdle();
        if (!out.isCancelled()) {
            try {
                out.onError(status);
            } catch (IllegalStateException closed) {
                // already closed by the transport
            }
        }
    }

    /** The lease goes only when no row of this stream can still be computed. */
    private void releaseWhenIdle() {
        if (finished && rowsInFlight == 0 && setup != null && setup.lease() != null) {
            setup.lease().close();
        }
    }
}
