package io.tiergate.engine.tokenizer;

import static io.tiergate.engine.tokenizer.CodepointFlags.LETTER;
import static io.tiergate.engine.tokenizer.CodepointFlags.NUMBER;
import static io.tiergate.engine.tokenizer.CodepointFlags.WHITESPACE;
import static io.tiergate.engine.tokenizer.PieceCursor.has;

/**
 * GPT-2's regex {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+},
 * a line-by-line port of llama.cpp's {@code unicode_regex_split_custom_gpt2}.
 */
final class Gpt2Splitter implements WordSplitter {

    @Override
    public IntList split(int[] cps, IntList pieces) {
        return PieceCursor.splitEach(cps, pieces, Gpt2Splitter::splitPiece);
    }

    private static void splitPiece(PieceCursor c) {
        int pos = c.ini;
        while (pos < c.end) {
            int cpt = c.cpt(pos);
            int flags = c.flags(pos);
            int contraction = c.contraction(pos, false);
            if (contraction > 0) {
                pos += c.add(pos + contraction);
                continue;
            }
            int flags2 = cpt == ' ' ? c.flags(pos + 1) : flags;
            if (has(flags2, LETTER)) {
                if (cpt == ' ') pos++;
                while (has(flags2, LETTER)) flags2 = c.flags(++pos);
                c.add(pos);
                continue;
            }
            if (has(flags2, NUMBER)) {
                if (cpt == ' ') pos++;
                while (has(flags2, NUMBER)) flags2 = c.flags(++pos);
                c.add(pos);
                continue;
            }
            if (!has(flags2, WHITESPACE | LETTER | NUMBER) && flags2 != 0) {
                if (cpt == ' ') pos++;
                while (!has(flags2, WHITESPACE | LETTER | NUMBER) && flags2 != 0) flags2 = c.flags(++pos);
                c.add(pos);
                continue;
            }
            int whitespaces = 0;
            while (has(c.flags(pos + whitespaces), WHITESPACE)) whitespaces++;
            pos = c.addWhitespaceOrOne(pos, whitespaces);
        }
    }
}
