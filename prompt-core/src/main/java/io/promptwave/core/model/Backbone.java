package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The Wav2Seq-style encoder-decoder every prompt steers: a modality front-end, a pre-LayerNorm
 * Transformer encoder with an optional CTC head, and a pre-LayerNorm Transformer decoder with
 * self- and cross-attention and tied token embeddings.
 *
 * <p>Prompts enter through {@link PromptHooks}: vectors in front of the encoder sequence and the
 * decoder input, and key/value prefixes at every attention layer, each with its mask. The
 * decoder runs either over a whole target (training, {@link #decoderLogits}) or one step at a
 * time with a key/value cache ({@link #startDecoding}, {@link #step}); both compute the same
 * numbers.
 */
public final class Backbone extends AbstractBlock {
    private static final byte VERSION = 1;

    private final BackboneConfig config;
    private final int vocabularySize;
    private final AudioFrontEnd audio;
    private final List<EncoderLayer> encoder = new ArrayList<>();
    private final LayerNorm encoderNorm;
    private final Linear ctcHead;
    private final TokenEmbedding embedding;
    private final List<DecoderLayer> decoder = new ArrayList<>();
    private final LayerNorm decoderNorm;
    private final ImageFrontEnd image;

    /**
     * The encoder's output for a batch.
     *
     * @param hidden {@code [B, P + T, D]}: prompt positions, then frames
     * @param mask {@code [B, P + T]} booleans, true on real positions
     * @param prefixLength {@code P}
     * @param frameLengths valid frames per row after the front-end
     */
    public record Encoded(NDArray hidden, NDArray mask, int prefixLength, int[] frameLengths) {

        /**
         * @param rows row indices, repeats allowed (beam search gives each utterance one row per hypothesis)
         * @return the encoder output with its rows picked in that order
         */
        public Encoded selectRows(long[] rows) {
            NDArray index = hidden.getManager().create(rows);
            return new Encoded(hidden.get(index), mask.get(index), prefixLength, pick(frameLengths, rows));
        }
    }

    /** @return {@code lengths} at {@code rows}, in that order */
    private static int[] pick(int[] lengths, long[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = lengths[(int) rows[i]];
        }
        return out;
    }

    /**
     * The decoder's cache during incremental decoding. Mutable, owned by one decoding loop.
     */
    public static final class DecoderState {
        private final List<MultiHeadAttention.KeyValues> memory;
        private NDArray memoryBias;
        private final List<MultiHeadAttention.KeyValues> cache;
        private NDArray cacheMask;
        private NDArray outputBias;
        private final int group;
        private int position;

        private DecoderState(List<MultiHeadAttention.KeyValues> memory, NDArray memoryBias,
                List<MultiHeadAttention.KeyValues> cache, NDArray cacheMask, NDArray outputBias, int group) {
            this.memory = memory;
            this.memoryBias = memoryBias;
            this.cache = cache;
            this.cacheMask = cacheMask;
            this.outputBias = outputBias;
            this.group = group;
        }

        /** @return the tokens decoded so far */
        public int position() {
            return position;
        }

        /**
         * Keeps the rows {@code rows} (in that order), for beam search reordering its hypotheses.
         * When the number of rows changes (finished utterances leaving the batch), the encoder
         * memory follows; a reordering within the same rows leaves it alone, which is why a row may
         * only take the place of a row of the same utterance. With groups (see
         * {@link Backbone#startDecoding(ParameterStore, Encoded, PromptHooks, int)}) each run of
         * {@code group} new rows must come from one old group.
         *
         * @param rows int64 {@code [B']} row indices
         */
        public void select(NDArray rows) {
            if (rows.getShape().get(0) != memoryBias.getShape().get(0) * group) {
                NDArray memoryRows = rows;
                if (group > 1) {
                    long[] r = rows.toLongArray();
                    long[] m = new long[r.length / group];
                    for (int i = 0; i < m.length; i++) {
                        m[i] = r[i * group] / group;
                    }
                    memoryRows = rows.getManager().create(m);
                }
                for (int i = 0; i < memory.size(); i++) {
                    MultiHeadAttention.KeyValues kv = memory.get(i);
                    memory.set(i, new MultiHeadAttention.KeyValues(kv.keys().get(memoryRows),
                            kv.values().get(memoryRows)));
                }
                memoryBias = memoryBias.get(memoryRows);
            }
            for (int i = 0; i < cache.size(); i++) {
                MultiHeadAttention.KeyValues kv = cache.get(i);
                cache.set(i, new MultiHeadAttention.KeyValues(kv.keys().get(rows), kv.values().get(rows)));
            }
            cacheMask = cacheMask == null ? null : cacheMask.get(rows);
            outputBias = outputBias == null ? null : outputBias.get(rows);
        }

        /**
         * Moves the self-attention cache and its mask, which every step replaces, to {@code manager},
         * so a decoder can free each step's temporaries (and the caches it replaced) by closing the
         * step's manager. Call it after a step: before the first one the cache may still be a
         * prompt's prefix, which belongs to the caller. The cross-attention memory stays put.
         *
         * @param manager where the state lives until the next step
         */
        public void keepIn(NDManager manager) {
            for (MultiHeadAttention.KeyValues kv : cache) {
                kv.keys().attach(manager);
                kv.values().attach(manager);
            }
            if (cacheMask != null) {
                cacheMask.attach(manager);
            }
        }
    }

    /**
     * @param config the architecture
     * @param vocabularySize tokens of the shared vocabulary
     */
    public Backbone(BackboneConfig config, int vocabularySize) {
        super(VERSION);
        this.config = config;
        this.vocabularySize = vocabularySize;
        this.audio = addChildBlock("audio_front_end",
                new AudioFrontEnd(config.featureDims(), config.frontEndStride(), config.frontEndWidth(), config.dModel()));
        for (int i = 0; i < config.encoderLayers(); i++) {
            encoder.add(addChildBlock("encoder_" + i,
                    new EncoderLayer(config.dModel(), config.heads(), config.feedForward(), config.dropout())));
        }
        this.encoderNorm = addChildBlock("encoder_norm", LayerNorm.builder().axis(2).build());
        this.ctcHead = config.ctcHead() ? addChildBlock("ctc_head", Linear.builder().setUnits(vocabularySize).build())
                : null;
        this.embedding = addChildBlock("embedding", new TokenEmbedding(vocabularySize, config.dModel()));
        for (int i = 0; i < config.decoderLayers(); i++) {
            decoder.add(addChildBlock("decoder_" + i,
                    new DecoderLayer(config.dModel(), config.heads(), config.feedForward(), config.dropout())));
        }
        this.decoderNorm = addChildBlock("decoder_norm", LayerNorm.builder().axis(2).build());
        // added last: a child's parameter names carry its position, so a speech model's weights keep
        // their names when an image front-end joins
        this.image = config.hasImageFrontEnd() ? addChildBlock("image_front_end",
                new ImageFrontEnd(config.imageDims(), config.imageFrontEndWidth(), config.dModel())) : null;
    }

    /** @return the architecture */
    public BackboneConfig config() {
        return config;
    }

    /** @return the size of the vocabulary the decoder and the CTC head speak */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** @return the audio front-end */
    public FrontEnd audioFrontEnd() {
        return audio;
    }

    /** @return the image front-end, if the model reads images */
    public java.util.Optional<FrontEnd> imageFrontEnd() {
        return java.util.Optional.ofNullable(image);
    }

    /**
     * @param featureDims the feature size of one input
     * @return whether the image front-end reads it (a text line's patch columns), not the audio one
     */
    public boolean readsAsImage(long featureDims) {
        return image != null && featureDims == config.imageDims();
    }

    /**
     * @param featureDims the feature size of a batch
     * @return the front-end that reads features of that size
     * @throws IllegalArgumentException when no front-end does
     */
    public FrontEnd frontEndFor(long featureDims) {
        if (featureDims == config.featureDims()) {
            return audio;
        }
        if (readsAsImage(featureDims)) {
            return image;
        }
        throw new IllegalArgumentException("features of " + featureDims + " values per frame fit no front-end of this"
                + " model (audio reads " + config.featureDims() + (image != null ? ", images " + config.imageDims()
                        : "; it reads no images") + ")");
    }

    /** @return the token table, which prompt initialisation samples from */
    public TokenEmbedding embedding() {
        return embedding;
    }

    /** @return the encoder layers */
    public List<EncoderLayer> encoderLayers() {
        return List.copyOf(encoder);
    }

    /** @return the decoder layers */
    public List<DecoderLayer> decoderLayers() {
        return List.copyOf(decoder);
    }

    /**
     * The encoder's input before any prompt: front-end output times the config's input scale plus
     * positions. Prompt methods that look at the input (a router, initialisation from audio) read it.
     *
     * @param vectors {@code [B, T, D]}
     * @param mask {@code [B, T]} booleans, true on real frames
     * @param frameLengths valid frames per row after the front-end
     */
    public record Embedded(NDArray vectors, NDArray mask, int[] frameLengths) {
        /** @return the masked mean over time {@code [B, D]} */
        public NDArray meanOverTime() {
            NDArray weights = mask.toType(DataType.FLOAT32, false).expandDims(2);
            return vectors.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
        }

        /**
         * @param rows int64 row indices
         * @return these rows, in that order
         */
        public Embedded selectRows(long[] rows) {
            NDArray index = vectors.getManager().create(rows);
            return new Embedded(vectors.get(index), mask.get(index), pick(frameLengths, rows));
        }

        /**
         * Puts rows embedded in separate groups (one per modality: each front-end reads its own
         * batch) back into one batch, zero-padded and masked to the longest group. Padding is masked
         * everywhere downstream, so every row encodes and decodes as it would in its own group.
         *
         * @param groups the embedded groups, none empty
         * @param rows per group, the batch positions of its rows in order; together a permutation of
         *     {@code 0 .. B-1}
         * @return the whole batch, rows in batch order
         * @throws IllegalArgumentException when the positions are not a permutation of the rows
         */
        public static Embedded combine(List<Embedded> groups, List<int[]> rows) {
            if (groups.isEmpty() || groups.size() != rows.size()) {
                throw new IllegalArgumentException("need one row list per group, got " + rows.size() + " for "
                        + groups.size() + " groups");
            }
            if (groups.size() == 1) {
                long[] order = inverse(rows, groups.get(0).frameLengths.length);
                boolean inOrder = java.util.stream.IntStream.range(0, order.length).allMatch(i -> order[i] == i);
                return inOrder ? groups.get(0) : groups.get(0).selectRows(order);
            }
            long frames = 0;
            int total = 0;
            for (Embedded g : groups) {
                frames = Math.max(frames, g.vectors.getShape().get(1));
                total += g.frameLengths.length;
            }
            NDList vectors = new NDList();
            NDList masks = new NDList();
            int[] lengths = new int[total];
            int at = 0;
            for (Embedded g : groups) {
                long missing = frames - g.vectors.getShape().get(1);
                NDArray v = g.vectors;
                NDArray m = g.mask;
                if (missing > 0) {
                    Shape shape = v.getShape();
                    v = v.concat(v.getManager().zeros(new Shape(shape.get(0), missing, shape.get(2)), v.getDataType()), 1);
                    m = m.concat(m.getManager().zeros(new Shape(shape.get(0), missing), m.getDataType()), 1);
                }
                vectors.add(v);
                masks.add(m);
                System.arraycopy(g.frameLengths, 0, lengths, at, g.frameLengths.length);
                at += g.frameLengths.length;
            }
            Embedded stacked = new Embedded(NDArrays.concat(vectors, 0), NDArrays.concat(masks, 0), lengths);
            return stacked.selectRows(inverse(rows, total));
        }

        /** For each batch position, where its row sits when the groups are stacked in order. */
        private static long[] inverse(List<int[]> rows, int total) {
            long[] from = new long[total];
            java.util.Arrays.fill(from, -1);
            int at = 0;
            for (int[] group : rows) {
                for (int position : group) {
                    if (position < 0 || position >= total || from[position] >= 0) {
                        throw new IllegalArgumentException("row positions must be a permutation of 0.." + (total - 1)
                                + "; " + position + " is out of range or repeated");
                    }
                    from[position] = at++;
                }
            }
            if (at != total) {
                throw new IllegalArgumentException(at + " row positions for " + total + " rows");
            }
            return from;
        }
    }

    /**
     * @param store parameters
     * @param features {@code [B, T, F]} zero-padded input features; {@code F} picks the front-end
     *     ({@link #frontEndFor}): fbank frames go to the audio front-end, patch columns to the image one
     * @param frameLengths valid input frames per row
     * @param training whether gradients and dropout apply
     * @return the encoder's input
     */
    public Embedded embed(ParameterStore store, NDArray features, int[] frameLengths, boolean training) {
        NDManager manager = features.getManager();
        FrontEnd frontEnd = frontEndFor(features.getShape().get(2));
        NDArray x = frontEnd.forward(store, features, training);
        int frames = (int) x.getShape().get(1);
        int[] lengths = new int[frameLengths.length];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = Math.max(1, Math.min(frames, frontEnd.outputLength(frameLengths[b])));
        }
        x = ConstantFactor.times(x, config.inputScale()).add(SinusoidalPositions.table(manager, 0, frames, config.dModel()));
        return new Embedded(x, AttentionMask.fromLengths(manager, lengths, frames), lengths);
    }

    /**
     * @param store parameters
     * @param features {@code [B, T, F]} zero-padded input features
     * @param frameLengths valid input frames per row
     * @param hooks prompts
     * @param training whether gradients and dropout apply
     * @return the encoder output
     */
    public Encoded encode(ParameterStore store, NDArray features, int[] frameLengths, PromptHooks hooks,
            boolean training) {
        return encode(store, embed(store, features, frameLengths, training), hooks, training);
    }

    /**
     * @param store parameters
     * @param input the embedded input
     * @param hooks prompts
     * @param training whether gradients and dropout apply
     * @return the encoder output
     */
    public Encoded encode(ParameterStore store, Embedded input, PromptHooks hooks, boolean training) {
        NDArray x = hooks.inputDelta() == null ? input.vectors() : input.vectors().add(hooks.inputDelta());
        NDArray mask = input.mask();
        int prefix = hooks.encoderPrefixLength();
        if (prefix > 0) {
            x = hooks.encoderInput().vectors().concat(x, 1);
            mask = hooks.encoderInput().mask().concat(mask, 1);
        }
        PromptHooks.LayerPrefixes layerPrefixes = hooks.encoderSelf();
        NDArray bias = AttentionMask.keyBias(layerPrefixes != null ? layerPrefixes.mask().concat(mask, 1) : mask);
        for (int i = 0; i < encoder.size(); i++) {
            x = encoder.get(i).forward(store, x, bias, layerPrefixes == null ? null : layerPrefixes.layer(i), training);
        }
        x = encoderNorm.forward(store, new NDList(x), training).singletonOrThrow();
        return new Encoded(x, mask, prefix, input.frameLengths());
    }

    /**
     * @return CTC logits {@code [B, T, V]} over the frames (prompt positions dropped)
     * @throws IllegalStateException when the model has no CTC head
     */
    public NDArray ctcLogits(ParameterStore store, Encoded encoded, boolean training) {
        if (ctcHead == null) {
            throw new IllegalStateException("this backbone was built without a CTC head");
        }
        NDArray frames = encoded.prefixLength() == 0 ? encoded.hidden()
                : encoded.hidden().get(":, " + encoded.prefixLength() + ":, :");
        return ctcHead.forward(store, new NDList(frames), training).singletonOrThrow();
    }

    /** @return whether the encoder has a CTC head */
    public boolean hasCtcHead() {
        return ctcHead != null;
    }

    /**
     * Teacher-forced decoder pass.
     *
     * @param store parameters
     * @param encoded the encoder output
     * @param tokens int64 {@code [B, L]} decoder input tokens
     * @param tokenMask {@code [B, L]} booleans, true on real tokens
     * @param hooks prompts
     * @param training whether gradients and dropout apply
     * @return logits {@code [B, L, V]}, one row per input token (prompt positions dropped)
     */
    public NDArray decoderLogits(ParameterStore store, Encoded encoded, NDArray tokens, NDArray tokenMask,
            PromptHooks hooks, boolean training) {
        DecoderState state = newState(store, encoded, hooks, training);
        NDArray x = embedTokens(store, tokens, 0, training);
        NDArray mask = tokenMask;
        int prefix = hooks.decoderPrefixLength();
        if (prefix > 0) {
            x = hooks.decoderInput().vectors().concat(x, 1);
            mask = hooks.decoderInput().mask().concat(mask, 1);
        }
        NDArray hidden = runDecoder(store, state, x, mask, training);
        if (prefix > 0) {
            hidden = hidden.get(":, " + prefix + ":, :");
        }
        NDArray logits = outputLogits(store, hidden, training);
        return hooks.outputBias() == null ? logits : logits.add(hooks.outputBias().expandDims(1));
    }

    /**
     * Starts incremental decoding: projects the encoder output for cross-attention once and runs
     * any decoder prompt through the layers into the cache.
     */
    public DecoderState startDecoding(ParameterStore store, Encoded encoded, PromptHooks hooks) {
        return startDecoding(store, encoded, hooks, 1);
    }

    /**
     * Starts incremental decoding of {@code group} rows per utterance (beam search's hypotheses):
     * row {@code r} decodes utterance {@code r / group}. The encoder memory is projected and kept
     * once per utterance, and each group's queries attend to it together, instead of every row
     * reading its own copy at every step (which made the cross-attention most of a wide beam's time).
     *
     * @param encoded the utterances, one row each
     * @param hooks their prompts, one row each
     * @param group decoding rows per utterance
     * @return a state of {@code B * group} rows
     */
    public DecoderState startDecoding(ParameterStore store, Encoded encoded, PromptHooks hooks, int group) {
        PromptHooks rowHooks = hooks;
        if (group > 1) {
            long[] repeat = new long[encoded.frameLengths().length * group];
            for (int i = 0; i < repeat.length; i++) {
                repeat[i] = i / group;
            }
            rowHooks = hooks.selectRows(encoded.hidden().getManager().create(repeat));
        }
        DecoderState state = newState(store, encoded, hooks, rowHooks, group, false);
        if (rowHooks.decoderPrefixLength() > 0) {
            runDecoder(store, state, rowHooks.decoderInput().vectors(), rowHooks.decoderInput().mask(), false);
        }
        return state;
    }

    /**
     * One decoding step for every row.
     *
     * @param tokens int64 {@code [B, 1]}: each row's latest token
     * @return logits {@code [B, V]} for the next token
     */
    public NDArray step(ParameterStore store, DecoderState state, NDArray tokens) {
        NDManager manager = tokens.getManager();
        long batch = tokens.getShape().get(0);
        NDArray x = embedTokens(store, tokens, state.position, false);
        NDArray mask = manager.ones(new Shape(batch, 1), DataType.BOOLEAN);
        NDArray hidden = runDecoder(store, state, x, mask, false);
        state.position++;
        NDArray logits = outputLogits(store, hidden, false).reshape(batch, vocabularySize);
        return state.outputBias == null ? logits : logits.add(state.outputBias);
    }

    private DecoderState newState(ParameterStore store, Encoded encoded, PromptHooks hooks, boolean training) {
        return newState(store, encoded, hooks, hooks, 1, training);
    }

    /** The memory from {@code hooks} (one row per utterance), the rest from {@code rowHooks} (one per decoding row). */
    private DecoderState newState(ParameterStore store, Encoded encoded, PromptHooks hooks, PromptHooks rowHooks,
            int group, boolean training) {
        List<MultiHeadAttention.KeyValues> memory = new ArrayList<>();
        for (int i = 0; i < decoder.size(); i++) {
            MultiHeadAttention.KeyValues kv = decoder.get(i).crossAttention().project(store, encoded.hidden(), training);
            if (hooks.cross() != null) {
                kv = kv.prepend(hooks.cross().layer(i));
            }
            memory.add(kv);
        }
        NDArray memoryBias = AttentionMask.keyBias(hooks.cross() != null
                ? hooks.cross().mask().concat(encoded.mask(), 1) : encoded.mask());
        List<MultiHeadAttention.KeyValues> cache = new ArrayList<>();
        NDArray cacheMask = null;
        if (rowHooks.decoderSelf() != null) {
            cache.addAll(rowHooks.decoderSelf().layers());
            cacheMask = rowHooks.decoderSelf().mask();
        } else {
            for (int i = 0; i < decoder.size(); i++) {
                cache.add(null);
            }
        }
        return new DecoderState(memory, memoryBias, cache, cacheMask, rowHooks.outputBias(), group);
    }

    /** Runs new positions {@code x} through the decoder layers, growing the state's cache. */
    private NDArray runDecoder(ParameterStore store, DecoderState state, NDArray x, NDArray newMask,
            boolean training) {
        NDArray keyMask = state.cacheMask == null ? newMask : state.cacheMask.concat(newMask, 1);
        NDArray selfBias = AttentionMask.causalBias(x.getManager(), keyMask, x.getShape().get(1));
        for (int i = 0; i < decoder.size(); i++) {
            DecoderLayer.Output out = decoder.get(i).forward(store, x, state.cache.get(i), selfBias,
                    state.memory.get(i), state.memoryBias, training);
            state.cache.set(i, out.selfKeyValues());
            x = out.hidden();
        }
        state.cacheMask = keyMask;
        return x;
    }

    private NDArray embedTokens(ParameterStore store, NDArray tokens, int start, boolean training) {
        int length = (int) tokens.getShape().get(1);
        return ConstantFactor.times(embedding.lookup(store, tokens, training), Math.sqrt(config.dModel()))
                .add(SinusoidalPositions.table(tokens.getManager(), start, length, config.dModel()));
    }

    private NDArray outputLogits(ParameterStore store, NDArray hidden, boolean training) {
        NDArray normed = decoderNorm.forward(store, new NDList(hidden), training).singletonOrThrow();
        return embedding.logits(store, normed, training);
    }

    /** Inputs: features {@code [B, T, F]}, frame mask, decoder tokens {@code [B, L]}, token mask; output logits. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray frameMask = inputs.get(1);
        NDArray counts = frameMask.toType(DataType.INT32, false).sum(new int[] {1});
        int[] lengths = counts.toIntArray();
        Encoded encoded = encode(store, inputs.get(0), lengths, PromptHooks.NONE, training);
        return new NDList(decoderLogits(store, encoded, inputs.get(2), inputs.get(3), PromptHooks.NONE, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[2];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), vocabularySize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = inputShapes[0];
        audio.initialize(manager, dataType, features);
        long frames = audio.outputLength((int) features.get(1));
        Shape x = new Shape(features.get(0), frames, config.dModel());
        Shape mask = new Shape(features.get(0), frames);
        for (EncoderLayer layer : encoder) {
            layer.initialize(manager, dataType, x, mask);
        }
        encoderNorm.initialize(manager, dataType, x);
        if (ctcHead != null) {
            ctcHead.initialize(manager, dataType, x);
        }
        embedding.initialize(manager, dataType, inputShapes[2]);
        Shape y = new Shape(features.get(0), inputShapes[2].get(1), config.dModel());
        for (DecoderLayer layer : decoder) {
            layer.initialize(manager, dataType, y, inputShapes[3], x, mask);
        }
        decoderNorm.initialize(manager, dataType, y);
        if (image != null) {
            image.initialize(manager, dataType, new Shape(features.get(0), features.get(1), config.imageDims()));
        }
    }

    /** Initialises every parameter for inputs of {@code featureDims} features. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 64, config.featureDims()), new Shape(1, 64),
                new Shape(1, 4), new Shape(1, 4));
    }
}
