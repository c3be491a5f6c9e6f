package io.tiergate.engine.tensor;

import io.tiergate.engine.gguf.GgmlType;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.engine.gguf.GgufTensorInfo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A weight matrix of {@code rows x cols} stored row-major in one ggml type, in place in a mapped file.
 * A GGUF tensor of shape {@code [cols, rows]} (ggml order) is such a matrix; 1-D tensors are one row.
 * Subclasses give the vectorised row dot product and a scalar row dequantisation (the reference).
 */
public abstract sealed class WeightMatrix
        permits F32Matrix, F16Matrix, BF16Matrix, Q8_0Matrix, Q4_0Matrix, Q5_0Matrix, Q4KMatrix, Q5KMatrix, Q6KMatrix {

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    protected final int rows;
    protected final int cols;
    protected final long rowBytes;
    protected final MemorySegment data;

    protected WeightMatrix(int rows, int cols, GgmlType type, MemorySegment data) {
        this.rows = rows;
        this.cols = cols;
        this.rowBytes = type.byteSize(cols);
        this.data = data;
    }

    /** Wraps tensor {@code info} of a file; 3-D and 4-D tensors are not matrices. */
    public static WeightMatrix of(Path file, GgufTensorInfo info, MemorySegment data) {
        long[] shape = info.shape();
        if (shape.length > 2) throw new GgufFormatException(file, "tensor '" + info.name() + "' has " + shape.length + " dimensions, expected a matrix");
        int cols = Math.toIntExact(shape[0]);
        int rows = shape.length == 2 ? Math.toIntExact(shape[1]) : 1;
        return switch (info.type()) {
            case F32 -> new F32Matrix(rows, cols, data);
            case F16 -> new F16Matrix(rows, cols, data);
            case BF16 -> new BF16Matrix(rows, cols, data);
            case Q8_0 -> new Q8_0Matrix(rows, cols, data);
            case Q4_0 -> new Q4_0Matrix(rows, cols, data);
            case Q5_0 -> new Q5_0Matrix(rows, cols, data);
            case Q4_K -> new Q4KMatrix(rows, cols, data);
            case Q5_K -> new Q5KMatrix(rows, cols, data);
            case Q6_K -> new Q6KMatrix(rows, cols, data);
            default -> throw new GgufFormatException(file, info.dataOffset(), "tensor '" + info.name()
                    + "' has tensor type " + info.type() + ", which the engine does not support"
                    + " (supported: F32, F16, BF16, Q8_0, Q4_0, Q5_0, Q4_K, Q5_K, Q6_K)");
        };
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** Dot product of row {@code row} with {@code x[xOff .. xOff+cols)}. */
    public abstract float dot(int row, float[] x, int xOff);

    /**
     * out[r] = row r · x[xOff .. xOff+cols) for rows in [rowFrom, rowTo): one token's matrix-vector
     * product over a range of rows.
     */
    public final void dotRows(float[] x, int xOff, float[] out, int rowFrom, int rowTo) {
        dotRows(x, xOff, out, rowFrom, rowTo, 0);
    }

    /**
     * As {@link #dotRows(float[], int, float[], int, int)} with results at out[outOff + r]. Types that
     * derive something from x once per call override it; few-token {@link #dotTile} calls it per token.
     */
    void dotRows(float[] x, int xOff, float[] out, int rowFrom, int rowTo, int outOff) {
        for (int r = rowFrom; r < rowTo; r++) out[outOff + r] = dot(r, x, xOff);
    }

    /** Writes row {@code row} as floats to {@code out[outOff ..]}; plain scalar code, the reference. */
    public abstract void dequantizeRow(int row, float[] out, int outOff);

    /** Reference dot product: dequantise then multiply, in scalar code. */
    public final float referenceDot(int row, float[] x, int xOff) {
        float[] w = new float[cols];
        dequantizeRow(row, w, 0);
        double s = 0;
        for (int i = 0; i < cols; i++) s += (double) w[i] * x[xOff + i];
        return (float) s;
    }

    /**
     * Writes row {@code row} as floats to {@code out[outOff ..]} for the prompt tiles: the same values
     * as {@link #dequantizeRow}, bit for bit; types override it with vector code.
     */
    void decodeRow(int row, float[] out, int outOff) {
        dequantizeRow(row, out, outOff);
    }

    /**
     * out[t * rows + r] = row r · x[t * cols ..] for tokens t in [0, n), rows in [rowFrom, rowTo).
     * From {@link #minTiledTokens} tokens on, rows are decoded once per chunk of tokens and multiplied
     * as floats ({@link FloatTileKernel}); fewer tokens (batched decoding) take the vector dot per token,
     * or a type's fused few-token kernel.
     */
    public void dotTile(float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n >= minTiledTokens()) {
            FloatTileKernel.dotTile(this, x, n, out, rowFrom, rowTo);
            return;
        }
        for (int t = 0; t < n; t++) dotRows(x, t * cols, out, rowFrom, rowTo, t * rows);
    }

    /** Below this many tokens (batched decoding) the vector dot per token is cheaper than dequantising. */
    static final int MIN_TILED_TOKENS = 16;

    /** The fewest tokens for which {@link #dotTile} takes {@link FloatTileKernel}; types whose dot is dearer lower it. */
    int minTiledTokens() {
        return MIN_TILED_TOKENS;
    }

    /**
     * Row r's results for tokens t0..t0+3 of a 4-token kernel, each token's outputs a run of
     * {@code rows}. Takes the reduced sums, not the accumulators: a vector argument would be boxed if
     * the JIT did not inline this.
     */
    protected final void store4(float[] out, int t0, int r, float s0, float s1, float s2, float s3) {
        out[t0 * rows + r] = s0;
        out[(t0 + 1) * rows + r] = s1;
        out[(t0 + 2) * rows + r] = s2;
        out[(t0 + 3) * rows + r] = s3;
    }

    protected final float f16(long offset) {
        return Float.float16ToFloat(data.get(SHORT, offset));
    }
}
