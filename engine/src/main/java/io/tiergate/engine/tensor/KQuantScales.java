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
        for (int j = 0; j < 4; j++) {
            int lo = data.get(ValueLayout.JAVA_BYTE, at + j) & 0xFF;       // scale j, top bits of scale j+4
            int mid = data.get(ValueLayout.JAVA_BYTE, at + j + 4) & 0xFF;  // min j, top bits of min j+4
            int hi = data.get(ValueLayout.JAVA_BYTE, at + j + 8) & 0xFF;   // low nibbles of scale/min j+4
            scales[j] = lo & 63;
            mins[j] = mid & 63;
            scales[j + 4] = (hi & 0xF) | ((lo >> 6) << 4);
            mins[j + 4] = (hi >> 4) | ((mid >> 6) << 4);
        }
    }
}
