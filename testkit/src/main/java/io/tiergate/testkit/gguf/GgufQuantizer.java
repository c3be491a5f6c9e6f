package io.tiergate.testkit.gguf;

/**
 * Encodes one row of floats into a ggml tensor type's byte layout (the layouts of ggml-common.h).
 * The quantizers are simple min/max ones, not llama.cpp's optimised search: any valid encoding is a
 * valid test weight, and the engine is checked against llama.cpp on the very same bytes.
 */
public final class GgufQuantizer {

    private GgufQuantizer() {}

    public static byte[] encode(GgufTensorType type, float[] x) {
        byte[] out = new byte[(int) type.rowBytes(x.length)];
        int blocks = x.length / type.blockSize();
        for (int b = 0; b < blocks; b++) {
            int in = b * type.blockSize();
            int at = b * type.typeSize();
            switch (type) {
                case F32 -> putInt(out, at, Float.floatToRawIntBits(x[in]));
                case F16 -> putShort(out, at, Float.floatToFloat16(x[in]));
                case BF16 -> putShort(out, at, bf16(x[in]));
                case Q8_0 -> q8_0(x, in, out, at);
                case Q4_0 -> q4_0(x, in, out, at);
                case Q5_0 -> q5_0(x, in, out, at);
                case Q4_K -> GgufKQuantizer.q4K(x, in, out, at);
                case Q5_K -> GgufKQuantizer.q5K(x, in, out, at);
                case Q6_K -> GgufKQuantizer.q6K(x, in, out, at);
            }
        }
        return out;
    }

    /** The float a value becomes after a round trip through {@code type} (for F16 and BF16). */
    public static short bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 64); // keep NaN a NaN
        return (short) ((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 16);
    }

    // block_q8_0: f16 d, int8 qs[32]; x = d * q
    private static void q8_0(float[] x, int in, byte[] out, int at) {
        float amax = 0;
        for (int i = 0; i < 32; i++) amax = Math.max(amax, Math.abs(x[in + i]));
        float d = amax / 127f;
        float id = d != 0 ? 1f / d : 0;
        putShort(out, at, Float.floatToFloat16(d));
        for (int i = 0; i < 32; i++) out[at + 2 + i] = (byte) Math.round(x[in + i] * id);
    }

    // block_q4_0: f16 d, u8 qs[16]; element j in low nibble of qs[j], element j+16 in the high nibble; x = d * (q - 8)
    private static void q4_0(float[] x, int in, byte[] out, int at) {
        float amax = 0;
        float max = 0;
        for (int i = 0; i < 32; i++) {
            if (Math.abs(x[in + i]) > amax) {
                amax = Math.abs(x[in + i]);
                max = x[in + i];
            }
        }
        float d = max / -8f;
        float id = d != 0 ? 1f / d : 0;
        putShort(out, at, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (int) (x[in + j] * id + 8.5f));
            int q1 = Math.min(15, (int) (x[in + j + 16] * id + 8.5f));
            out[at + 2 + j] = (byte) (q0 | (q1 << 4));
        }
    }

    // block_q5_0: f16 d, u32 qh (fifth bits), u8 qs[16] (nibbles as Q4_0); x = d * (q - 16)
    private static void q5_0(float[] x, int in, byte[] out, int at) {
        float amax = 0;
        float max = 0;
        for (int i = 0; i < 32; i++) {
            if (Math.abs(x[in + i]) > amax) {
                amax = Math.abs(x[in + i]);
                max = x[in + i];
            }
        }
        float d = max / -16f;
        float id = d != 0 ? 1f / d : 0;
        putShort(out, at, Float.floatToFloat16(d));
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(31, (int) (x[in + j] * id + 16.5f));
            int q1 = Math.min(31, (int) (x[in + j + 16] * id + 16.5f));
            out[at + 6 + j] = (byte) ((q0 & 0xF) | ((q1 & 0xF) << 4));
            qh |= ((q0 >> 4) & 1) << j;
            qh |= ((q1 >> 4) & 1) << (j + 16);
        }
        putInt(out, at + 2, qh);
    }

    static void putShort(byte[] b, int at, short v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >> (8 * i));
    }
}
