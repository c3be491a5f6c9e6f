package io.tiergate.engine.tokenizer;

/**
 * The scaffolding of llama.cpp's hand-written splitters: one piece [ini, end) of the code points,
 * reads that answer "out of range" past its ends, and {@link #add} to close the current word.
 */
final class PieceCursor {
    static final int OUT_OF_RANGE = -1;

    private final int[] cps;
    final int ini;
    final int end;
    private final IntList out;
    private int prevEnd;

    PieceCursor(int[] cps, int ini, int end, IntList out) {
        this.cps = cps;
        this.ini = ini;
        this.end = end;
        this.out = out;
        this.prevEnd = ini;
    }

    /** Runs {@code splitPiece} on a cursor over each current piece, collecting the words of all. */
    static IntList splitEach(int[] cps, IntList pieces, java.util.function.Consumer<PieceCursor> splitPiece) {
        IntList out = new IntList(pieces.size() * 4);
        int start = 0;
        for (int p = 0; p < pieces.size(); p++) {
            splitPiece.accept(new PieceCursor(cps, start, start + pieces.get(p), out));
            start += pieces.get(p);
        }
        return out;
    }

    int cpt(int pos) {
        return pos >= ini && pos < end ? cps[pos] : OUT_OF_RANGE;
    }

    /** The code point's flags, or 0 out of range (llama.cpp's empty {@code unicode_cpt_flags}). */
    int flags(int pos) {
        return pos >= ini && pos < end ? CodepointFlags.of(cps[pos]) : 0;
    }

    /** Ends the current word at {@code wordEnd}; returns its length (0 adds nothing). */
    int add(int wordEnd) {
        int len = wordEnd - prevEnd;
        if (len > 0) out.add(len);
        prevEnd = wordEnd;
        return len;
    }

    /** llama.cpp's contraction check ('s 't 're 've 'm 'll 'd); returns the contraction's length or 0. */
    int contraction(int pos, boolean caseInsensitive) {
        if (cpt(pos) != '\'' || pos + 1 >= end) return 0;
        int next = lower(cpt(pos + 1), caseInsensitive);
        if (next == 's' || next == 't' || next == 'm' || next == 'd') return 2;
        if (pos + 2 < end) {
            int nextNext = lower(cpt(pos + 2), caseInsensitive);
            if ((next == 'r' && nextNext == 'e') || (next == 'v' && nextNext == 'e') || (next == 'l' && nextNext == 'l')) {
                return 3;
            }
        }
        return 0;
    }

    private static int lower(int cp, boolean caseInsensitive) {
        return caseInsensitive && cp >= 0 ? Character.toLowerCase(cp) : cp;
    }

    /**
     * The regex tail {@code \s+(?!\S)|\s+} given the whitespace run at {@code pos}: all but the last
     * whitespace when a non-space follows, all of it at the end, else one code point alone.
     * Returns the position after the added word.
     */
    int addWhitespaceOrOne(int pos, int whitespaces) {
        int wordEnd;
        if (whitespaces > 1 && cpt(pos + whitespaces) != OUT_OF_RANGE) {
            wordEnd = pos + whitespaces - 1;
        } else if (whitespaces > 0) {
            wordEnd = pos + whitespaces;
        } else {
            wordEnd = pos + 1;
        }
        add(wordEnd);
        return wordEnd;
    }

    static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
