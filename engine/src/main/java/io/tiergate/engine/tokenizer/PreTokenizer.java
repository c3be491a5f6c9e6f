package io.tiergate.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a byte-level BPE vocabulary splits text into words before merging, as llama.cpp does for one
 * {@code tokenizer.ggml.pre} name: the regexes are applied in order, each refining the pieces of the
 * one before. Regexes llama.cpp runs with hand-written code (GPT-2, Llama 3, Qwen2, Qwen3.5,
 * newline split) use the same hand-written code here; the rest run on llama.cpp's "collapsed"
 * text (see {@link CollapsedRegexSplitter}) so that both agree on every code point.
 *
 * @param spmWhitespace spaces become U+2581 and words keep raw UTF-8 (Gemma 4 style), instead of
 *                      GPT-2's byte-to-unicode encoding
 */
public record PreTokenizer(String name, String type, List<String> regexes, boolean ignoreMerges, boolean addBos,
                           boolean spmWhitespace) {

    public PreTokenizer {
        regexes = List.copyOf(regexes);
    }

    /** The pre-tokenizer llama.cpp uses for {@code tokenizer.ggml.pre}; empty if unknown or unsupported. */
    public static Optional<PreTokenizer> byName(String name) {
        return PreTokenizerTable.byName(name);
    }

    public static Set<String> supportedNames() {
        return PreTokenizerTable.names();
    }

    /** Whether words are GPT-2 byte-encoded (every pre-tokenizer except the SentencePiece-style ones). */
    public boolean byteEncode() {
        return !spmWhitespace;
    }

    List<WordSplitter> splitters() {
        List<WordSplitter> out = new ArrayList<>();
        for (String regex : regexes) out.add(WordSplitter.forRegex(regex));
        return out;
    }
}
