package io.tiergate.engine.tokenizer;

import static io.tiergate.engine.tokenizer.CodepointFlags.ACCENT_MARK;
import static io.tiergate.engine.tokenizer.CodepointFlags.LETTER;
import static io.tiergate.engine.tokenizer.CodepointFlags.NUMBER;
import static io.tiergate.engine.tokenizer.CodepointFlags.WHITESPACE;
import static io.tiergate.engine.tokenizer.PieceCursor.has;

/**
 * The Llama 3 family of regexes, {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 * ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}: a port of llama.cpp's custom llama3 (digits in
 * threes), qwen2 (single digits) and qwen35 (marks join letters) splitters.
 */
final class Llama3Splitter implements WordSplitter {
    private final int maxDigits;
    private final int letterFlags;

    /** @param marksJoinLetters Qwen3.5: {@code [\p{L}\p{M}]+} instead of {@code \p{L}+} */
    Llama3Splitter(int maxDigits, boolean marksJoinLetters) {
        this.maxDigits = maxDigits;
        this.letterFlags = marksJoinLetters ? LETTER | ACCENT_MARK : LETTER;
    }

    @Override
    public IntList split(int[] cps, IntList pieces) {
        return PieceCursor.splitEach(cps, pieces, this::splitPiece);
    }

    private void splitPiece(PieceCursor c) {
        int pos = c.ini;
        while (pos < c.end) {
            int cpt = c.cpt(pos);
            int flags = c.flags(pos);
            int contraction = c.contraction(pos, true);
            if (contraction > 0) {
                pos += c.add(pos + contraction);
                continue;
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (!(cpt == '\r' || cpt == '\n' || has(flags, NUMBER))) {
                if (has(flags, letterFlags) || has(c.flags(pos + 1), letterFlags)) {
                    pos++;
                    while (has(c.flags(pos), letterFlags)) pos++;
                    c.add(pos);
                    continue;
                }
            }
            // \p{N}{1,maxDigits}
            if (has(flags, NUMBER)) {
                int ini = pos;
                while (has(c.flags(pos), NUMBER)) {
                    if (++pos - ini >= maxDigits) {
                        c.add(pos);
                        ini = pos;
                    }
                }
                c.add(pos);
                continue;
            }
            // <space>?[^\s\p{L}\p{N}]+[\r\n]*
            int notPunct = WHITESPACE | letterFlags | NUMBER;
            int flags2 = cpt == ' ' ? c.flags(pos + 1) : flags;
            if (!has(flags2, notPunct) && flags != 0) {
                if (cpt == ' ') pos++;
                while (!has(flags2, notPunct) && flags2 != 0) flags2 = c.flags(++pos);
                int cpt2 = c.cpt(pos);
                while (cpt2 == '\r' || cpt2 == '\n') cpt2 = c.cpt(++pos);
                c.add(pos);
                continue;
            }
            int whitespaces = 0;
            int lastEndOfLine = 0;
            while (has(c.flags(pos + whitespaces), WHITESPACE)) {
                int cpt2 = c.cpt(pos + whitespaces);
                if (cpt2 == '\r' || cpt2 == '\n') lastEndOfLine = pos + whitespaces + 1;
                whitespaces++;
            }
            // \s*[\r\n]+
            if (lastEndOfLine > 0) {
                pos = lastEndOfLine;
                c.add(pos);
                continue;
            }
            pos = c.addWhitespaceOrOne(pos, whitespaces);
        }
    }
}
