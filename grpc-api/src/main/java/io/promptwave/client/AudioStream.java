package io.promptwave.client;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One open audio stream to the server. {@link #send} blocks while the transport is not ready
 * (backpressure: a fast producer is slowed to what the network and the server take), every
 * response goes to the listener as it arrives and is also collected, and {@link #finish} ends the
 * audio and waits for the server's last response. Thread-safe.
 *
 * @param <Q> request message
 * @param <S> response message
 */
public final class AudioStream<Q, S> implements ClientResponseObserver<Q, S>, AutoCloseable {
    private final Function<ByteString, Q> chunk;
    private final Consumer<S> listener;
    private final List<S> responses = new ArrayList<>();
    private final CompletableFuture<List<S>> done = new CompletableFuture<>();
    private final Object ready = new Object();
    private ClientCallStreamObserver<Q> requests;

    AudioStream(Function<ByteString, Q> chunk, Consumer<S> listener) {
        this.chunk = chunk;
        this.listener = listener;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> call) {
        this.requests = call;
        call.setOnReadyHandler(() -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        });
    }

    void sendFirst(Q config) {
        synchronized (this) {
            requests.onNext(config);
        }
    }

    /**
     * Sends one chunk of audio, waiting while the transport is not ready for more.
     *
     * @param audio the bytes, in the format the config named
     * @throws InterruptedIOException when interrupted while waiting
     * @throws IllegalStateException when the stream has already ended (the server's status says why)
     */
    public void send(byte[] audio) throws InterruptedIOException {
        synchronized (ready) {
            while (!requests.isReady() && !done.isDone()) {
                try {
                    ready.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the stream was not ready");
                }
            }
        }
        if (done.isDone()) {
            throw new IllegalStateException("the stream has ended: " + failure());
        }
        synchronized (this) {
            requests.onNext(chunk.apply(ByteString.copyFrom(audio)));
        }
    }

    private String failure() {
        try {
            done.getNow(null);
            return "the server completed it";
        } catch (RuntimeException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        }
    }

    /**
     * Ends the audio and waits for the server to finish.
     *
     * @param timeout how long to wait
     * @param unit its unit
     * @return every response, in order
     * @throws ExecutionException with the server's status when the call failed
     * @throws TimeoutException when the server did not finish in time
     * @throws InterruptedException when interrupted
     */
    public List<S> finish(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException,
            InterruptedException {
        synchronized (this) {
            if (!done.isDone()) {
                requests.onCompleted();
            }
        }
        return done.get(timeout, unit);
    }

    /** @return the responses received so far */
    public synchronized List<S> responses() {
        return List.copyOf(responses);
    }

    @Override
    public void onNext(S response) {
        synchronized (this) {
            responses.add(response);
        }
        listener.accept(response);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
        synchronized (ready) {
            ready.notifyAll();
        }
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            done.complete(List.copyOf(responses));
        }
    }

    /** Cancels the stream if it is still open. */
    @Override
    public void close() {
        if (!done.isDone()) {
            requests.cancel("closed by the client", null);
        }
    }
}
