package io.tiergate.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Unpacks the 12 bytes of 6-bit scales and mins of a Q4_K / Q5_K super-block (ggml's
 * get_scale_min_k4): sub-blocks 0..3 keep their low 6 bits in bytes 0..7, sub-blocks 4..7 take
 * 4 bits from bytes 8..11 and 2 high bits from the top of bytes 0..7.
 */
final class KQuantScales {

    private KQuantScales() {}

    /** Fills scales[8] and mins[8] from the 12 bytes at {@code at}. */
    static void unpack(MemorySegment data, long at, int[] scales, int[] mins) {
        int[] q = new int[12];
        for (int i = 0; i < 12; i++) q[i] = data.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF;
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                scales[j] = q[j] & 63;
                mins[j] = q[j + 4] & 63;
            } else {
                scales[j] = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
                mins[j] = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
            }
        }
    }
}
