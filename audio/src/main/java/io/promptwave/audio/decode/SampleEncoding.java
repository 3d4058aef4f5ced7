package io.promptwave.audio.decode;

/**
 * How one sample is stored in a WAV file, and how to turn its bytes (little-endian) into a float
 * in [-1, 1].
 */
enum SampleEncoding {
    /** 8-bit unsigned integer, 128 is silence. */
    PCM_U8(1) {
        @Override
        float decode(byte[] b, int i) {
            return ((b[i] & 0xff) - 128) / 128f;
        }
    },
    /** 16-bit signed integer. */
    PCM_S16(2) {
        @Override
        float decode(byte[] b, int i) {
            return (short) ((b[i] & 0xff) | (b[i + 1] << 8)) / 32768f;
        }
    },
    /** 24-bit signed integer. */
    PCM_S24(3) {
        @Override
        float decode(byte[] b, int i) {
            int v = (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] << 16);
            return v / 8388608f;
        }
    },
    /** 32-bit signed integer. */
    PCM_S32(4) {
        @Override
        float decode(byte[] b, int i) {
            return (float) (int32(b, i) / 2147483648.0);
        }
    },
    /** IEEE 754 single precision. */
    FLOAT32(4) {
        @Override
        float decode(byte[] b, int i) {
            return Float.intBitsToFloat(int32(b, i));
        }
    },
    /** IEEE 754 double precision. */
    FLOAT64(8) {
        @Override
        float decode(byte[] b, int i) {
            long lo = int32(b, i) & 0xffffffffL;
            long hi = int32(b, i + 4) & 0xffffffffL;
            return (float) Double.longBitsToDouble(lo | (hi << 32));
        }
    },
    /** ITU-T G.711 mu-law. */
    MU_LAW(1) {
        @Override
        float decode(byte[] b, int i) {
            return MU_LAW_TABLE[b[i] & 0xff];
        }
    },
    /** ITU-T G.711 A-law. */
    A_LAW(1) {
        @Override
        float decode(byte[] b, int i) {
            return A_LAW_TABLE[b[i] & 0xff];
        }
    };

    private static final float[] MU_LAW_TABLE = new float[256];
    private static final float[] A_LAW_TABLE = new float[256];

    static {
        for (int code = 0; code < 256; code++) {
            MU_LAW_TABLE[code] = muLawToLinear(code) / 32768f;
            A_LAW_TABLE[code] = aLawToLinear(code) / 32768f;
        }
    }

    private final int bytes;

    SampleEncoding(int bytes) {
        this.bytes = bytes;
    }

    /** @return bytes per sample of one channel */
    int bytes() {
        return bytes;
    }

    /** @return the sample stored at {@code b[i..i+bytes)} */
    abstract float decode(byte[] b, int i);

    /**
     * Decodes whole frames of interleaved channels into their mean, one mono sample per frame.
     *
     * @param b the bytes
     * @param from where the first frame starts
     * @param frames how many frames
     * @param channels samples per frame
     * @param target where the mono samples go
     * @param offset the first of them
     */
    void decodeMono(byte[] b, int from, int frames, int channels, float[] target, int offset) {
        for (int f = 0, pos = from; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++, pos += bytes) {
                sum += decode(b, pos);
            }
            target[offset + f] = channels == 1 ? sum : sum / channels;
        }
    }

    private static int int32(byte[] b, int i) {
        return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16) | (b[i + 3] << 24);
    }

    // G.711 expansion as in the ITU reference (and sox's g711.c): 16-bit linear result.
    private static int muLawToLinear(int code) {
        int u = ~code & 0xff;
        int t = ((u & 0x0f) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    private static int aLawToLinear(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0f) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0:
                t += 8;
                break;
            case 1:
                t += 0x108;
                break;
            default:
                t += 0x108;
                t <<= seg - 1;
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
