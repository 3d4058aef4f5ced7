package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starting vectors {@code [N, D]} for a prompt, in the space the backbone reads: token embeddings
 * are scaled by {@code sqrt(D)} as the decoder scales its inputs, and audio vectors are the
 * encoder's own input (front-end output plus positions).
 */
public final class PromptInitializer {
    private static final Pattern SPECIAL = Pattern.compile("<[^<>\\s]+>");

    private final SpeechModel model;

    /** @param model the backbone the prompt will steer */
    public PromptInitializer(SpeechModel model) {
        this.model = model;
    }

    private float[] table() {
        try (NDManager work = model.newWorkManager()) {
            NDArray t = model.backbone().embedding().table(model.store(), work.create(0f), false);
            return t.toFloatArray();
        }
    }

    private int width() {
        return model.backbone().config().dModel();
    }

    /**
     * @param n vectors
     * @param seed fixes the draw
     * @return Gaussian vectors with the spread of the scaled token embeddings
     */
    public Tensor random(int n, long seed) {
        float[] t = table();
        double squares = 0;
        for (float v : t) {
            squares += v * v;
        }
        double std = Math.sqrt(squares / t.length) * Math.sqrt(width());
        Random random = new Random(seed);
        float[] out = new float[n * width()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * std);
        }
        return new Tensor(out, n, width());
    }

    /**
     * @param n vectors
     * @param seed fixes the draw
     * @return embeddings of byte tokens drawn at random (the text tokens the decoder knows best)
     */
    public Tensor fromVocabulary(int n, long seed) {
        Random random = new Random(seed);
        int[] tokens = new int[n];
        int base = model.vocabulary().encode("\0")[0];
        for (int i = 0; i < n; i++) {
            tokens[i] = base + random.nextInt(256);
        }
        return embeddings(tokens, n);
    }

    /**
     * @param n vectors
     * @param text words (their UTF-8 bytes) and token names such as {@code <asr>} or {@code <it>};
     *     repeated when shorter than {@code n}, cut when longer
     * @return the tokens' embeddings
     * @throws IllegalArgumentException when the text is blank or names a token the vocabulary lacks
     */
    public Tensor fromText(int n, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("initialisation from text needs some text");
        }
        Vocabulary vocabulary = model.vocabulary();
        List<Integer> tokens = new ArrayList<>();
        Matcher m = SPECIAL.matcher(text);
        int at = 0;
        while (m.find()) {
            for (int t : vocabulary.encode(text.substring(at, m.start()))) {
                tokens.add(t);
            }
            tokens.add(tokenNamed(m.group()));
            at = m.end();
        }
        for (int t : vocabulary.encode(text.substring(at))) {
            tokens.add(t);
        }
        return embeddings(tokens.stream().mapToInt(Integer::intValue).toArray(), n);
    }

    private int tokenNamed(String name) {
        Vocabulary vocabulary = model.vocabulary();
        int special = Vocabulary.SPECIALS.indexOf(name);
        if (special >= 0) {
            return special;
        }
        String code = name.substring(1, name.length() - 1);
        if (vocabulary.languages().contains(code)) {
            return vocabulary.language(code);
        }
        throw new IllegalArgumentException("initialisation text names " + name + ", which is neither a special token "
                + Vocabulary.SPECIALS + " nor a language of the base " + vocabulary.languages());
    }

    private Tensor embeddings(int[] tokens, int n) {
        float[] t = table();
        int d = width();
        float scale = (float) Math.sqrt(d);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            int token = tokens[i % tokens.length];
            for (int j = 0; j < d; j++) {
                out[i * d + j] = t[token * d + j] * scale;
            }
        }
        return new Tensor(out, n, d);
    }

    /**
     * @param n vectors
     * @param samples utterances of the target task (normalised features)
     * @return the encoder's input vectors of the samples' frames, cut into {@code n} runs of equal
     *     length and averaged per run: each prompt vector sums up a stretch of real task audio
     * @throws IllegalArgumentException without samples
     */
    public Tensor fromAudio(int n, List<FeatureSequence> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("initialisation from audio needs sample utterances");
        }
        int d = width();
        List<float[]> frames = new ArrayList<>();
        try (NDManager work = model.newWorkManager()) {
            for (FeatureSequence s : samples) {
                PaddedBatch batch = PaddedBatch.of(work, List.of(s));
                Backbone.Embedded e = model.backbone().embed(model.store(), batch.features(), batch.lengths(), false);
                float[] v = e.vectors().toFloatArray();
                for (int t = 0; t < e.frameLengths()[0]; t++) {
                    frames.add(java.util.Arrays.copyOfRange(v, t * d, (t + 1) * d));
                }
            }
        }
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            int from = (int) ((long) i * frames.size() / n);
            int to = Math.max(from + 1, (int) ((long) (i + 1) * frames.size() / n));
            for (int t = from; t < to; t++) {
                float[] f = frames.get(Math.min(t, frames.size() - 1));
                for (int j = 0; j < d; j++) {
                    out[i * d + j] += f[j] / (to - from);
                }
            }
        }
        return new Tensor(out, n, d);
    }
}
