package io.promptwave.core.artifact;

/** The safetensors element types Promptwave reads and writes. */
public enum DType {
    /** IEEE 754 single precision. */
    F32(4),
    /** IEEE 754 half precision. */
    F16(2),
    /** bfloat16: the top half of a float. */
    BF16(2),
    /** 64-bit signed integer. */
    I64(8),
    /** 32-bit signed integer. */
    I32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** @return bytes per element */
    public int bytes() {
        return bytes;
    }

    /** @return true for the floating-point types */
    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16;
    }
}
