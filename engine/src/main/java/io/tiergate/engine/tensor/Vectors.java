package io.tiergate.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The float vector shape the kernels use: the widest the CPU offers (16 lanes with AVX-512). */
public final class Vectors {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();

    private Vectors() {}

    /** Σ a[aOff+i] * b[bOff+i] for i < n, vectorised with a scalar tail. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += LANES) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    /*
     * The byte helpers below take 16-lane (128-bit) vectors only. Every kernel calls them with that one
     * shape on purpose: the JIT profiles a helper's vector calls once for all its callers, and a second
     * shape there makes them polymorphic, no longer intrinsified, and boxed in every caller.
     */

    /**
     * Each byte's high nibble, as 0..15. x86 has no byte shift, so a byte-lane shift compiles to a
     * widen-shift-narrow sequence; shifting the bytes as 16-bit lanes and masking is two instructions.
     */
    static ByteVector highNibbles(ByteVector q) {
        return shiftRight(q, 4).and((byte) 0xF);
    }

    /**
     * The bytes shifted right by {@code n} as 16-bit lanes: each byte's bits n.. are in place, and its
     * top n bits hold the next byte's low bits — callers mask those off.
     */
    static ByteVector shiftRight(ByteVector q, int n) {
        return q.reinterpretAsShorts().lanewise(VectorOperators.LSHR, n).reinterpretAsBytes();
    }

    /** The bytes shifted left by {@code n} as 16-bit lanes: each byte's low bits receive the previous byte's top bits. */
    static ByteVector shiftLeft(ByteVector q, int n) {
        return q.reinterpretAsShorts().lanewise(VectorOperators.LSHL, n).reinterpretAsBytes();
    }

    /**
     * The sums of x[xOff + span*k .. xOff + span*k + span) for k < n / span ({@code span} a multiple
     * of LANES): what a (sub-)block's min or offset multiplies. Written to {@code sums[0 .. n/span)},
     * which is returned.
     */
    static float[] sums(float[] x, int xOff, int n, int span, float[] sums) {
        for (int k = 0; k < n / span; k++) {
            FloatVector s = FloatVector.zero(F);
            for (int i = 0; i < span; i += LANES) s = s.add(FloatVector.fromArray(F, x, xOff + span * k + i));
            sums[k] = s.reduceLanes(VectorOperators.ADD);
        }
        return sums;
    }

    /**
     * For the float vectors p = 0, 1, … that together hold {@code n} values: masks of the lanes whose
     * index p * LANES + lane is {@code from} or more.
     */
    @SuppressWarnings("unchecked")
    static VectorMask<Float>[] lanesFrom(int from, int n) {
        VectorMask<Float>[] masks = new VectorMask[Math.max(1, n / LANES)];
        for (int p = 0; p < masks.length; p++) {
            long bits = 0;
            for (int l = 0; l < LANES; l++) if (p * LANES + l >= from) bits |= 1L << l;
            masks[p] = VectorMask.fromLong(F, bits);
        }
        return masks;
    }

    /**
     * v[i] = exp(v[i] - shift) for i < n, returning their sum: the softmax numerators. Vector EXP (the
     * JDK's SIMD math library on x86) where scalar Math.exp costs about as much as the attention dot.
     */
    public static float expShifted(float[] v, int n, float shift) {
        FloatVector sums = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += LANES) {
            FloatVector e = FloatVector.fromArray(F, v, i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(v, i);
            sums = sums.add(e);
        }
        float sum = sums.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            v[i] = (float) Math.exp(v[i] - shift);
            sum += v[i];
        }
        return sum;
    }

    /** y[yOff+i] += a * x[xOff+i] for i < n. */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector va = FloatVector.broadcast(F, a);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += LANES) {
            FloatVector.fromArray(F, x, xOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += a * x[xOff + i];
    }
}
