package io.promptwave.client;

import com.google.protobuf.ByteString;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.promptwave.api.v1.ActivatePromptRequest;
import io.promptwave.api.v1.AudioEncoding;
import io.promptwave.api.v1.DeletePromptRequest;
import io.promptwave.api.v1.DeletePromptResponse;
import io.promptwave.api.v1.ListPromptsRequest;
import io.promptwave.api.v1.ListPromptsResponse;
import io.promptwave.api.v1.Prompt;
import io.promptwave.api.v1.PromptVersion;
import io.promptwave.api.v1.PromptsGrpc;
import io.promptwave.api.v1.RecognitionAudio;
import io.promptwave.api.v1.RecognitionConfig;
import io.promptwave.api.v1.RecognizeRequest;
import io.promptwave.api.v1.RecognizeResponse;
import io.promptwave.api.v1.RecognizerGrpc;
import io.promptwave.api.v1.StreamAudioFormat;
import io.promptwave.api.v1.StreamingRecognitionConfig;
import io.promptwave.api.v1.StreamingRecognizeRequest;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.api.v1.StreamingUnderstandConfig;
import io.promptwave.api.v1.StreamingUnderstandRequest;
import io.promptwave.api.v1.StreamingUnderstandResponse;
import io.promptwave.api.v1.UnderstandRequest;
import io.promptwave.api.v1.UnderstandResponse;
import io.promptwave.api.v1.UnderstandingConfig;
import io.promptwave.api.v1.ReadImageRequest;
import io.promptwave.api.v1.ReadImageResponse;
import io.promptwave.api.v1.ReaderGrpc;
import io.promptwave.api.v1.ReadingConfig;
import io.promptwave.api.v1.UnderstandingGrpc;
import io.promptwave.api.v1.UploadPromptRequest;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Java client of a Promptwave server. Works on any {@link Channel} (an in-process one in
 * tests); {@link #connect} opens a TCP channel that {@link #close} shuts. Calls are blocking,
 * except streams, which return an {@link AudioStream}. Failures surface as gRPC's
 * {@link io.grpc.StatusRuntimeException} with the server's code and message.
 */
public final class PromptwaveClient implements AutoCloseable {
    /** Bytes per message when a file is sent in pieces. */
    public static final int UPLOAD_CHUNK = 256 << 10;

    private final ManagedChannel owned;
    private final RecognizerGrpc.RecognizerBlockingStub recognizer;
    private final RecognizerGrpc.RecognizerStub recognizerAsync;
    private final UnderstandingGrpc.UnderstandingBlockingStub understanding;
    private final UnderstandingGrpc.UnderstandingStub understandingAsync;
    private final PromptsGrpc.PromptsBlockingStub prompts;
    private final PromptsGrpc.PromptsStub promptsAsync;
    private final ReaderGrpc.ReaderBlockingStub reader;
    private final long deadlineSeconds;

    /**
     * @param channel where the server is
     * @param apiKey the key sent as {@code x-api-key}, or null
     * @param deadlineSeconds deadline of each unary call
     */
    public PromptwaveClient(Channel channel, String apiKey, long deadlineSeconds) {
        this(channel, null, apiKey, deadlineSeconds);
    }

    private PromptwaveClient(Channel channel, ManagedChannel owned, String apiKey, long deadlineSeconds) {
        this.owned = owned;
        this.deadlineSeconds = deadlineSeconds;
        CallCredentials key = apiKey == null ? null : new ApiKeyCredentials(apiKey);
        this.recognizer = RecognizerGrpc.newBlockingStub(channel).withCallCredentials(key);
        this.recognizerAsync = RecognizerGrpc.newStub(channel).withCallCredentials(key);
        this.understanding = UnderstandingGrpc.newBlockingStub(channel).withCallCredentials(key);
        this.understandingAsync = UnderstandingGrpc.newStub(channel).withCallCredentials(key);
        this.prompts = PromptsGrpc.newBlockingStub(channel).withCallCredentials(key);
        this.promptsAsync = PromptsGrpc.newStub(channel).withCallCredentials(key);
        this.reader = ReaderGrpc.newBlockingStub(channel).withCallCredentials(key);
    }

    /**
     * Opens a channel to {@code host:port}.
     *
     * @param target {@code host:port}
     * @param tls whether to use TLS (with the system's trusted certificates)
     * @param apiKey the key, or null
     * @return a client that owns its channel
     */
    public static PromptwaveClient connect(String target, boolean tls, String apiKey) {
        ManagedChannel channel = Grpc.newChannelBuilder(target, tls ? TlsChannelCredentials.create()
                : InsecureChannelCredentials.create()).build();
        return new PromptwaveClient(channel, channel, apiKey, 120);
    }

    /**
     * Recognises a whole file (any format the server decodes).
     *
     * @param file the recording
     * @param prompt {@code name[@version]}, or empty for the bare base
     * @param config decoding settings
     * @return the response
     * @throws IOException when the file cannot be read
     */
    public RecognizeResponse recognize(Path file, String prompt, RecognitionConfig config) throws IOException {
        return recognizer.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).recognize(RecognizeRequest.newBuilder()
                .setPrompt(prompt).setConfig(config).setAudio(RecognitionAudio.newBuilder()
                        .setContent(ByteString.copyFrom(Files.readAllBytes(file))))
                .setRequestId(file.getFileName().toString()).build());
    }

    /**
     * Understands one spoken command.
     *
     * @param file the recording (at most 20 s)
     * @param prompt a slots prompt, {@code name[@version]}
     * @return the response
     * @throws IOException when the file cannot be read
     */
    public UnderstandResponse understand(Path file, String prompt) throws IOException {
        return understand(file, prompt, UnderstandingConfig.getDefaultInstance());
    }

    /**
     * Understands one spoken command with the given search.
     *
     * @param file the recording (at most 20 s)
     * @param prompt a slots prompt, {@code name[@version]}
     * @param config beam size, CTC weight, length of the intent ranking, well-formed tags, intent candidates;
     *     fields left unset take the prompt's recorded decoding, else the server's
     * @return the response
     * @throws IOException when the file cannot be read
     */
    public UnderstandResponse understand(Path file, String prompt, UnderstandingConfig config) throws IOException {
        return understanding.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).understand(UnderstandRequest
                .newBuilder().setPrompt(prompt).setConfig(config)
                .setAudio(RecognitionAudio.newBuilder().setContent(ByteString.copyFrom(Files.readAllBytes(file))))
                .setRequestId(file.getFileName().toString()).build());
    }

    /**
     * Reads the text in an image.
     *
     * @param file a PNG, JPEG, WebP, BMP or TIFF file
     * @param prompt an ocr prompt, {@code name[@version]}, or empty for the bare base
     * @return the response: the text, and each line with its box
     * @throws IOException when the file cannot be read
     */
    public ReadImageResponse readImage(Path file, String prompt) throws IOException {
        return reader.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).readImage(ReadImageRequest.newBuilder()
                .setPrompt(prompt).setConfig(ReadingConfig.getDefaultInstance())
                .setImage(ByteString.copyFrom(Files.readAllBytes(file)))
                .setRequestId(file.getFileName().toString()).build());
    }

    /**
     * Opens a recognition stream; send audio with {@link AudioStream#send}.
     *
     * @param prompt {@code name[@version]}, or empty
     * @param config the stream's config (format, endpointing, interim results)
     * @param listener gets each response as it arrives (on a gRPC thread)
     * @return the open stream
     */
    public AudioStream<StreamingRecognizeRequest, StreamingRecognizeResponse> streamRecognize(String prompt,
            StreamingRecognitionConfig config, Consumer<StreamingRecognizeResponse> listener) {
        AudioStream<StreamingRecognizeRequest, StreamingRecognizeResponse> stream = new AudioStream<>(
                audio -> StreamingRecognizeRequest.newBuilder().setPrompt(prompt).setAudio(audio).build(), listener);
        recognizerAsync.streamingRecognize(stream);
        stream.sendFirst(StreamingRecognizeRequest.newBuilder().setPrompt(prompt).setConfig(config).build());
        return stream;
    }

    /**
     * Opens an understanding stream.
     *
     * @param prompt a slots prompt
     * @param config the stream's config
     * @param listener gets each response as it arrives
     * @return the open stream
     */
    public AudioStream<StreamingUnderstandRequest, StreamingUnderstandResponse> streamUnderstand(String prompt,
            StreamingUnderstandConfig config, Consumer<StreamingUnderstandResponse> listener) {
        AudioStream<StreamingUnderstandRequest, StreamingUnderstandResponse> stream = new AudioStream<>(
                audio -> StreamingUnderstandRequest.newBuilder().setPrompt(prompt).setAudio(audio).build(), listener);
        understandingAsync.streamingUnderstand(stream);
        stream.sendFirst(StreamingUnderstandRequest.newBuilder().setPrompt(prompt).setConfig(config).build());
        return stream;
    }

    /**
     * Bytes per second of a RIFF/WAVE file, from its {@code fmt } chunk wherever it sits (recorders
     * put JUNK, bext or LIST chunks before it).
     */
    static int wavByteRate(byte[] all, Path wav) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (all.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {   // "RIFF", "WAVE"
            throw new IOException(wav + ": not a WAV file (no RIFF/WAVE header)");
        }
        for (long at = 12; at + 8 <= all.length; ) {
            long size = b.getInt((int) at + 4) & 0xffffffffL;
            if (b.getInt((int) at) == 0x20746d66 && size >= 16 && at + 8 + 16 <= all.length) {   // "fmt "
                int byteRate = b.getInt((int) at + 16);
                if (byteRate <= 0) {
                    throw new IOException(wav + ": the fmt chunk gives a byte rate of " + byteRate);
                }
                return byteRate;
            }
            at += 8 + size + (size & 1);
        }
        throw new IOException(wav + ": no fmt chunk");
    }

    /**
     * Streams a WAV file in chunks of {@code chunkMillis} of audio, as a live source would.
     *
     * @param stream an open stream whose format is WAV
     * @param wav the file
     * @param chunkMillis audio per chunk, e.g. 100
     * @param realTime whether to pace the chunks at the audio's own speed
     * @throws IOException when the file cannot be read or is not a WAV file
     */
    public static void sendWav(AudioStream<?, ?> stream, Path wav, int chunkMillis, boolean realTime)
            throws IOException {
        byte[] all = Files.readAllBytes(wav);
        int byteRate = wavByteRate(all, wav);
        if (chunkMillis < 1) {
            throw new IllegalArgumentException("chunkMillis must be positive, got " + chunkMillis);
        }
        int chunk = Math.max(64, (int) ((long) byteRate * chunkMillis / 1000));
        long start = System.nanoTime();
        for (int at = 0, n = 0; at < all.length; at += chunk, n++) {
            stream.send(java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + chunk)));
            if (realTime) {
                long due = start + (long) n * chunkMillis * 1_000_000;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while streaming " + wav);
                    }
                }
            }
        }
    }

    /** @return the loaded prompts */
    public ListPromptsResponse listPrompts() {
        return prompts.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).listPrompts(
                ListPromptsRequest.getDefaultInstance());
    }

    /**
     * @param name a prompt
     * @param version the version to make active
     * @return the prompt after the change
     */
    public Prompt activate(String name, int version) {
        return prompts.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).activatePrompt(
                ActivatePromptRequest.newBuilder().setName(name).setVersion(version).build());
    }

    /**
     * @param name a prompt
     * @param version a version, or 0 for all
     * @param deleteFiles also remove the files on the server
     * @return what was deleted
     */
    public DeletePromptResponse delete(String name, int version, boolean deleteFiles) {
        return prompts.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).deletePrompt(DeletePromptRequest
                .newBuilder().setName(name).setVersion(version).setDeleteFiles(deleteFiles).build());
    }

    /**
     * Uploads a prompt version directory ({@code adapter_config.json}, {@code adapter_model.safetensors} and,
     * when the prompt has its own language model, {@code language_model.ngram}) in chunks.
     *
     * @param dir the version directory
     * @param activate make it the active version
     * @return the version as the server loaded it
     * @throws IOException when a file cannot be read
     * @throws io.grpc.StatusRuntimeException with the server's reason when it refused the artifact
     */
    public PromptVersion upload(Path dir, boolean activate) throws IOException {
        CompletableFuture<PromptVersion> result = new CompletableFuture<>();
        StreamObserver<UploadPromptRequest> up = promptsAsync.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                .uploadPrompt(new StreamObserver<>() {
                    @Override
                    public void onNext(PromptVersion v) {
                        result.complete(v);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(Status.INTERNAL.withDescription("no reply").asRuntimeException());
                    }
                });
        try {
            up.onNext(UploadPromptRequest.newBuilder().setHeader(UploadPromptRequest.Header.newBuilder()
                    .setActivate(activate)).build());
            for (String name : new String[] {"adapter_config.json", "adapter_model.safetensors", "language_model.ngram"}) {
                if (name.equals("language_model.ngram") && !Files.isRegularFile(dir.resolve(name))) {
                    continue; // a prompt brings its own language model only when one was fitted for it
                }
                try (InputStream in = Files.newInputStream(dir.resolve(name))) {
                    byte[] buffer = new byte[UPLOAD_CHUNK];
                    int n;
                    while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                        up.onNext(UploadPromptRequest.newBuilder().setChunk(UploadPromptRequest.Chunk.newBuilder()
                                .setFile(name).setData(ByteString.copyFrom(buffer, 0, n))).build());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            up.onError(Status.CANCELLED.withDescription("the client could not read the artifact").asException());
            throw e;
        }
        up.onCompleted();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : Status.fromThrowable(e.getCause())
                    .asRuntimeException();
        }
    }

    /** @return the stream format of chunks cut from a WAV file (its header says the rest) */
    public static StreamAudioFormat wavFormat() {
        return StreamAudioFormat.newBuilder().setEncoding(AudioEncoding.WAV).build();
    }

    /** Shuts the channel if this client opened it. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
            try {
                if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
                    owned.shutdownNow();
                }
            } catch (InterruptedException e) {
                owned.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends the API key with every call. */
    private static final class ApiKeyCredentials extends CallCredentials {
        private static final Metadata.Key<String> KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
        private final String key;

        ApiKeyCredentials(String key) {
            this.key = key;
        }

        @Override
        public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
            Metadata headers = new Metadata();
            headers.put(KEY, key);
            applier.apply(headers);
        }
    }
}
