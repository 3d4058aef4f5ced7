package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import java.util.Arrays;
import java.util.Map;

/**
 * Prompt tuning on an encoder-decoder (Lester et al. 2021): trained vectors in front of the
 * encoder sequence, in front of the decoder input, or both. Stored as PEFT stores it: one
 * {@code prompt_embeddings} matrix {@code [Ne + Nd, D]}, the encoder's rows first.
 */
public final class InputPrompt implements SoftPrompt {
    /** The tensor name on disk. */
    public static final String STORED = "prompt_embeddings";

    private final PromptParameters parameters;
    private final NDArray encoder;
    private final NDArray decoder;
    private final int width;

    /**
     * @param manager a manager the prompt takes ownership of
     * @param encoder {@code [Ne, D]} initial encoder vectors, or null for none
     * @param decoder {@code [Nd, D]} initial decoder vectors, or null for none
     * @param trainable whether the vectors get gradients
     */
    public InputPrompt(NDManager manager, Tensor encoder, Tensor decoder, boolean trainable) {
        if (encoder == null && decoder == null) {
            manager.close();
            throw new IllegalArgumentException("an input prompt needs encoder or decoder vectors");
        }
        this.parameters = new PromptParameters(manager, trainable);
        this.encoder = encoder == null ? null : parameters.add("encoder_input", encoder);
        this.decoder = decoder == null ? null : parameters.add("decoder_input", decoder);
        this.width = (int) (encoder != null ? encoder.shape()[1] : decoder.shape()[1]);
    }

    /**
     * Rebuilds a prompt from its stored matrix.
     *
     * @param manager a manager the prompt takes ownership of
     * @param stored {@code [Ne + Nd, D]}
     * @param encoderLength {@code Ne}
     * @return the prompt, without gradients
     */
    public static InputPrompt fromStored(NDManager manager, Tensor stored, int encoderLength) {
        int rows = (int) stored.shape()[0];
        int width = (int) stored.shape()[1];
        if (encoderLength < 0 || encoderLength > rows) {
            manager.close();
            throw new IllegalArgumentException("encoder length " + encoderLength + " outside 0.." + rows);
        }
        float[] v = stored.values();
        Tensor enc = encoderLength == 0 ? null
                : new Tensor(Arrays.copyOfRange(v, 0, encoderLength * width), encoderLength, width);
        Tensor dec = encoderLength == rows ? null
                : new Tensor(Arrays.copyOfRange(v, encoderLength * width, v.length), rows - encoderLength, width);
        return new InputPrompt(manager, enc, dec, false);
    }

    @Override
    public PromptMethod method() {
        return encoder != null && decoder != null ? PromptMethod.ENC_DEC
                : encoder != null ? PromptMethod.ENC : PromptMethod.DEC;
    }

    /** @return the number of encoder vectors */
    public int encoderLength() {
        return encoder == null ? 0 : (int) encoder.getShape().get(0);
    }

    /** @return the number of decoder vectors */
    public int decoderLength() {
        return decoder == null ? 0 : (int) decoder.getShape().get(0);
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        NDManager work = rows.vectors().getManager();
        int b = rows.frameLengths().length;
        return new PromptParts(
                encoder == null ? null : PromptParameters.forRows(PromptParameters.local(encoder, work), b),
                decoder == null ? null : PromptParameters.forRows(PromptParameters.local(decoder, work), b),
                null, null, null, null, null);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return parameters.trained();
    }

    @Override
    public Map<String, Tensor> storedTensors() {
        float[] enc = encoder == null ? new float[0] : encoder.toFloatArray();
        float[] dec = decoder == null ? new float[0] : decoder.toFloatArray();
        float[] all = Arrays.copyOf(enc, enc.length + dec.length);
        System.arraycopy(dec, 0, all, enc.length, dec.length);
        return Map.of(STORED, new Tensor(all, encoderLength() + decoderLength(), width));
    }

    @Override
    public void close() {
        parameters.close();
    }
}
