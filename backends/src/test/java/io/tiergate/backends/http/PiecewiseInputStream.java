package io.tiergate.backends.http;

import java.io.InputStream;
import java.util.function.IntUnaryOperator;

/** Hands out its bytes in pieces, as a socket might: each read gives at most {@code pieceLength(position)} bytes (≥ 1). */
final class PiecewiseInputStream extends InputStream {
    private final byte[] bytes;
    private final IntUnaryOperator pieceLength;
    private int at;

    PiecewiseInputStream(byte[] bytes, IntUnaryOperator pieceLength) {
        this.bytes = bytes;
        this.pieceLength = pieceLength;
    }

    @Override
    public int read() {
        return at < bytes.length ? bytes[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (at >= bytes.length) return -1;
        int n = Math.min(Math.min(len, bytes.length - at), Math.max(1, pieceLength.applyAsInt(at)));
        System.arraycopy(bytes, at, b, off, n);
        at += n;
        return n;
    }
}
