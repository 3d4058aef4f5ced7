package io.promptwave.client.load;

import io.promptwave.api.v1.AudioEncoding;
import io.promptwave.api.v1.StreamAudioFormat;
import io.promptwave.api.v1.StreamingRecognitionConfig;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.client.AudioStream;
import io.promptwave.client.PromptwaveClient;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Concurrent streaming clients against one server, each on its own channel, as independent voice
 * apps would be. Each client streams a recording in chunks, waits for the stream to end, and starts
 * the next, until the run's time is up; streams under way then finish and count.
 */
public final class LoadGenerator {
    private static final int KEPT_FAILURES = 5;
    private static final long STREAM_TIMEOUT_SECONDS = 600;

    private final String target;
    private final boolean tls;
    private final String apiKey;

    /**
     * @param target {@code host:port}
     * @param tls whether to use TLS
     * @param apiKey the key, or null
     */
    public LoadGenerator(String target, boolean tls, String apiKey) {
        this.target = target;
        this.tls = tls;
        this.apiKey = apiKey;
    }

    /**
     * Runs the clients for the config's time; streams under way then finish and count.
     *
     * @param config what to run
     * @return the run's figures
     * @throws InterruptedException when interrupted
     */
    public LoadReport run(LoadConfig config) throws InterruptedException {
        List<PromptwaveClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < config.clients(); i++) {
                clients.add(PromptwaveClient.connect(target, tls, apiKey));
            }
            return run(clients, config);
        } finally {
            clients.forEach(PromptwaveClient::close);
        }
    }

    private static LoadReport run(List<PromptwaveClient> clients, LoadConfig config) throws InterruptedException {
        long start = System.nanoTime();
        long stopStarting = start + (long) (config.seconds() * 1e9);
        List<ClientRun> runs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            ClientRun run = new ClientRun(clients.get(i), config, i, stopStarting);
            runs.add(run);
            Thread t = new Thread(run, "load-client-" + i);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            threads.forEach(Thread::interrupt);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int streams = 0;
        int failed = 0;
        double audio = 0;
        List<Double> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ClientRun r : runs) {
            streams += r.streams;
            failed += r.failures.size();
            audio += r.audioSeconds;
            latencies.addAll(r.latencies);
            r.failures.stream().limit(Math.max(0, KEPT_FAILURES - failures.size())).forEach(failures::add);
        }
        return new LoadReport(streams, latencies.size(), audio, wall,
                latencies.stream().mapToDouble(Double::doubleValue).toArray(), failed, failures);
    }

    /** One client's loop; its fields are read after its thread has ended. */
    private static final class ClientRun implements Runnable {
        private final PromptwaveClient client;
        private final LoadConfig config;
        private final int index;
        private final long stopStarting;
        private final List<Double> latencies = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private int streams;
        private double audioSeconds;

        ClientRun(PromptwaveClient client, LoadConfig config, int index, long stopStarting) {
            this.client = client;
            this.config = config;
            this.index = index;
            this.stopStarting = stopStarting;
        }

        @Override
        public void run() {
            String prompt = config.prompts().get(index % config.prompts().size());
            for (int n = 0; System.nanoTime() < stopStarting; n++) {
                Recording recording = config.recordings().get((index + n) % config.recordings().size());
                try {
                    stream(prompt, recording);
                } catch (InterruptedException | InterruptedIOException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    failures.add(prompt + " / " + recording.name() + ": " + e.getCause());
                } catch (TimeoutException | RuntimeException e) {
                    failures.add(prompt + " / " + recording.name() + ": " + e);
                }
            }
        }

        private void stream(String prompt, Recording recording) throws InterruptedException, InterruptedIOException,
                ExecutionException, TimeoutException {
            int chunkBytes = Math.max(2, recording.sampleRate() * config.chunkMillis() / 1000 * 2);
            int chunks = (recording.pcm().length + chunkBytes - 1) / chunkBytes;
            long[] sent = new long[chunks];
            List<Long> arrivals = new ArrayList<>();
            List<Double> ends = new ArrayList<>();
            StreamingRecognitionConfig streamConfig = StreamingRecognitionConfig.newBuilder()
                    .setFormat(StreamAudioFormat.newBuilder().setEncoding(AudioEncoding.LINEAR16)
                            .setSampleRateHertz(recording.sampleRate()).setChannels(1))
                    .setInterimResults(config.interimResults()).build();
            try (AudioStream<?, StreamingRecognizeResponse> stream = client.streamRecognize(prompt, streamConfig,
                    r -> {
                        if (r.hasResult() && r.getResult().getIsFinal()) {
                            synchronized (arrivals) {
                                arrivals.add(System.nanoTime());
                                ends.add(r.getResult().getEndSeconds());
                            }
                        }
                    })) {
                long begin = System.nanoTime();
                for (int k = 0; k < chunks; k++) {
                    if (config.realTime()) {
                        long wait = begin + (long) k * config.chunkMillis() * 1_000_000 - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    sent[k] = System.nanoTime();
                    stream.send(Arrays.copyOfRange(recording.pcm(), k * chunkBytes,
                            Math.min(recording.pcm().length, (k + 1) * chunkBytes)));
                }
                stream.finish(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            synchronized (arrivals) {
                for (int i = 0; i < arrivals.size(); i++) {
                    // the chunk that carried the utterance's last sample
                    int k = (int) Math.ceil(ends.get(i) * 1000 / config.chunkMillis()) - 1;
                    latencies.add((arrivals.get(i) - sent[Math.max(0, Math.min(chunks - 1, k))]) / 1e9);
                }
            }
            streams++;
            audioSeconds += recording.seconds();
        }
    }
}
