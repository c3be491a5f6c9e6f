package io.tiergate.testkit.gguf;

/**
 * Encoders for the 256-element "K" super-blocks. Q4_K and Q5_K: 8 sub-blocks of 32, each with a 6-bit
 * scale and 6-bit min relative to the super-block's f16 {@code d} and {@code dmin}; Q6_K: 16 sub-blocks
 * of 16 with int8 scales and one f16 {@code d}.
 */
final class GgufKQuantizer {

    private GgufKQuantizer() {}

    // block_q4_K: f16 d, f16 dmin, u8 scales[12], u8 qs[128]  (144 bytes)
    static void q4K(float[] x, int in, byte[] out, int at) {
        int[] q = new int[256];
        byte[] scales = scalesAndMins(x, in, 15, q, out, at);
        System.arraycopy(scales, 0, out, at + 4, 12);
        for (int j = 0; j < 4; j++) {          // 64 elements per step: low nibbles sub-block 2j, high 2j+1
            for (int l = 0; l < 32; l++) {
                out[at + 16 + 32 * j + l] = (byte) (q[64 * j + l] | (q[64 * j + 32 + l] << 4));
            }
        }
    }

    // block_q5_K: f16 d, f16 dmin, u8 scales[12], u8 qh[32], u8 qs[128]  (176 bytes)
    static void q5K(float[] x, int in, byte[] out, int at) {
        int[] q = new int[256];
        byte[] scales = scalesAndMins(x, in, 31, q, out, at);
        System.arraycopy(scales, 0, out, at + 4, 12);
        for (int j = 0; j < 4; j++) {
            for (int l = 0; l < 32; l++) {
                int lo = q[64 * j + l];
                int hi = q[64 * j + 32 + l];
                out[at + 48 + 32 * j + l] = (byte) ((lo & 15) | ((hi & 15) << 4));
                int bits = ((lo >> 4) << (2 * j)) | ((hi >> 4) << (2 * j + 1));
                out[at + 16 + l] |= (byte) bits;
            }
        }
    }

    // block_q6_K: u8 ql[128], u8 qh[64], i8 scales[16], f16 d  (210 bytes)
    static void q6K(float[] x, int in, byte[] out, int at) {
        float[] sub = new float[16];
        float maxAbsScale = 0;
        for (int s = 0; s < 16; s++) {
            float amax = 0;
            for (int i = 0; i < 16; i++) amax = Math.max(amax, Math.abs(x[in + 16 * s + i]));
            sub[s] = amax / 31f;
            maxAbsScale = Math.max(maxAbsScale, sub[s]);
        }
        float d = maxAbsScale / 127f;
        short dh = Float.floatToFloat16(d);
        d = Float.float16ToFloat(dh);
        GgufQuantizer.putShort(out, at + 208, dh);
        int[] q = new int[256];
        for (int s = 0; s < 16; s++) {
            int sc = d == 0 ? 0 : Math.min(127, Math.round(sub[s] / d));
            out[at + 192 + s] = (byte) sc;
            float step = d * sc;
            for (int i = 0; i < 16; i++) {
                int v = step == 0 ? 0 : Math.round(x[in + 16 * s + i] / step);
                q[16 * s + i] = Math.max(-32, Math.min(31, v)) + 32;
            }
        }
        for (int n = 0; n < 2; n++) {              // two halves of 128 elements
            int ql = at + 64 * n;
            int qh = at + 128 + 32 * n;
            for (int l = 0; l < 32; l++) {
                int q1 = q[128 * n + l];
                int q2 = q[128 * n + l + 32];
                int q3 = q[128 * n + l + 64];
                int q4 = q[128 * n + l + 96];
                out[ql + l] = (byte) ((q1 & 15) | ((q3 & 15) << 4));
                out[ql + l + 32] = (byte) ((q2 & 15) | ((q4 & 15) << 4));
                out[qh + l] = (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
            }
        }
    }

    /**
     * Per sub-block of 32: x ≈ scale * q - min with q in 0..maxQ. Writes f16 d and dmin at {@code at},
     * fills {@code q} and returns the 12 packed scale/min bytes (ggml's get_scale_min_k4 layout).
     */
    private static byte[] scalesAndMins(float[] x, int in, int maxQ, int[] q, byte[] out, int at) {
        float[] scale = new float[8];
        float[] min = new float[8];
        float maxScale = 0;
        float maxMin = 0;
        for (int s = 0; s < 8; s++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int i = 0; i < 32; i++) {
                lo = Math.min(lo, x[in + 32 * s + i]);
                hi = Math.max(hi, x[in + 32 * s + i]);
            }
            lo = Math.min(lo, 0);                 // min is stored as a non-negative offset
            scale[s] = (hi - lo) / maxQ;
            min[s] = -lo;
            maxScale = Math.max(maxScale, scale[s]);
            maxMin = Math.max(maxMin, min[s]);
        }
        short dh = Float.floatToFloat16(maxScale / 63f);
        short mh = Float.floatToFloat16(maxMin / 63f);
        float d = Float.float16ToFloat(dh);
        float dmin = Float.float16ToFloat(mh);
        GgufQuantizer.putShort(out, at, dh);
        GgufQuantizer.putShort(out, at + 2, mh);
        byte[] packed = new byte[12];
        for (int s = 0; s < 8; s++) {
            int ls = d == 0 ? 0 : Math.min(63, Math.round(scale[s] / d));
            int lm = dmin == 0 ? 0 : Math.min(63, Math.round(min[s] / dmin));
            if (s < 4) {
                packed[s] = (byte) ls;
                packed[s + 4] = (byte) lm;
            } else {
                packed[s + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                packed[s - 4] |= (byte) ((ls >> 4) << 6);
                packed[s] |= (byte) ((lm >> 4) << 6);
            }
            float step = d * ls;
            float m = dmin * lm;
            for (int i = 0; i < 32; i++) {
                int v = step == 0 ? 0 : Math.round((x[in + 32 * s + i] + m) / step);
                q[32 * s + i] = Math.max(0, Math.min(maxQ, v));
            }
        }
        return packed;
    }
}
