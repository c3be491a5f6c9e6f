package io.tiergate.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

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

    /**
     * The same unpacking as vectors: out[s] = d * scale_s and out[8 + s] = dmin * min_s for the 12
     * bytes at {@code at} (the 16 bytes read there must lie inside the segment). A byte shuffle puts
     * in each lane the byte that holds its low bits ({@code low}) and the byte that holds its two top
     * bits ({@code top}); (b >> 6) << 4 of a byte b is (b >> 2) & 0x30. Only scalars and arrays cross
     * the call: a vector argument or result would be boxed if the JIT did not inline it.
     */
    static void unpack(MemorySegment data, long at, float d, float dmin, float[] out) {
        ByteVector raw = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, at, ByteOrder.LITTLE_ENDIAN);
        ByteVector low = raw.rearrange(LOW_BITS);
        ByteVector top = Vectors.shiftRight(raw.rearrange(TOP_BITS), 2).and((byte) 0x30);
        ByteVector six = low.and((byte) 63);                                 // scales 0..3, mins 0..3
        ByteVector scaleHi = low.and((byte) 0xF).or(top);                    // scales 4..7
        ByteVector minHi = Vectors.shiftRight(low, 4).and((byte) 0xF).or(top); // mins 4..7
        ByteVector packed = six.blend(scaleHi, SCALES_4_7).blend(minHi, MINS_4_7);
        FloatVector vd = FloatVector.broadcast(Vectors.F, d);
        FloatVector vdmin = FloatVector.broadcast(Vectors.F, dmin);
        for (int p = 0; p < 16 / Vectors.LANES; p++) {
            ((FloatVector) packed.convertShape(VectorOperators.B2F, Vectors.F, p)).mul(vd.blend(vdmin, MINS[p])).intoArray(out, p * Vectors.LANES);
        }
    }

    /** MINS[p]: the lanes of float vector p of 16 (8 scales, then 8 mins) that hold mins. */
    private static final VectorMask<Float>[] MINS = Vectors.lanesFrom(8, 16);

    private static final VectorShuffle<Byte> LOW_BITS = VectorShuffle.fromValues(ByteVector.SPECIES_128,
            0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11);
    private static final VectorShuffle<Byte> TOP_BITS = VectorShuffle.fromValues(ByteVector.SPECIES_128,
            0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 7);
    private static final VectorMask<Byte> SCALES_4_7 = VectorMask.fromLong(ByteVector.SPECIES_128, 0x00F0);
    private static final VectorMask<Byte> MINS_4_7 = VectorMask.fromLong(ByteVector.SPECIES_128, 0xF000);
}
