package io.tiergate.engine.tokenizer;

/**
 * One pass of pre-tokenization: refines a list of pieces of a code point array into smaller pieces.
 * Pieces are lengths in code points, consecutive and covering the text, as llama.cpp's offsets.
 */
sealed interface WordSplitter permits Gpt2Splitter, Llama3Splitter, NewlineSplitter, CollapsedRegexSplitter {

    /** @param pieces lengths (code points) of the current pieces; returns the refined lengths */
    IntList split(int[] cps, IntList pieces);

    /** The splitter llama.cpp's {@code unicode_regex_split} would use for this exact regex string. */
    static WordSplitter forRegex(String regex) {
        return switch (regex) {
            case "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)" -> new Gpt2Splitter();
            case "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
                 "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" ->
                    new Llama3Splitter(3, false);
            case "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" ->
                    new Llama3Splitter(1, false);
            case "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" ->
                    new Llama3Splitter(1, true);
            case "[^\\n]+|[\\n]+" -> new NewlineSplitter();
            default -> new CollapsedRegexSplitter(regex);
        };
    }
}
