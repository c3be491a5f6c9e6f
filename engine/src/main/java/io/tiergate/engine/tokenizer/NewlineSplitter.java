package io.tiergate.engine.tokenizer;

/** {@code [^\n]+|[\n]+}: runs of newlines and runs of anything else (llama.cpp's custom newline split). */
final class NewlineSplitter implements WordSplitter {

    @Override
    public IntList split(int[] cps, IntList pieces) {
        IntList out = new IntList(pieces.size() * 2);
        int start = 0;
        for (int p = 0; p < pieces.size(); p++) {
            int end = start + pieces.get(p);
            int pos = start;
            while (pos < end) {
                boolean newline = cps[pos] == '\n';
                int runStart = pos;
                while (pos < end && (cps[pos] == '\n') == newline) pos++;
                out.add(pos - runStart);
            }
            start = end;
        }
        return out;
    }
}
