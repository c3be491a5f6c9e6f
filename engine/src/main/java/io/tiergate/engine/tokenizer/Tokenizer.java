package io.tiergate.engine.tokenizer;

import io.tiergate.engine.gguf.GgufMetadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Text to token ids and back, identical to llama.cpp's {@code llama_tokenize} /
 * {@code llama_token_to_piece} for the same vocabulary: byte-level BPE with its pre-tokenizer, or
 * SentencePiece with byte fallback, special tokens cut out first. Thread-safe; encoding of repeated
 * BPE words is cached.
 */
public final class Tokenizer {
    private static final int WORD_CACHE_LIMIT = 65_536;
    private static final String SPM_SPACE = "\u2581";

    private final Vocabulary vocab;
    private final String[] text;
    private final int[] attrs;
    private final Map<String, Integer> tokenToId;
    private final Set<Integer> eog;
    private final boolean[] isEog;
    private final byte[][] pieces;
    private final SpecialTokenSplitter specialSplitter;
    private final List<WordSplitter> splitters;
    private final BpeWordEncoder bpe;
    private final SentencePieceEncoder spm;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

    public Tokenizer(Vocabulary vocab) {
        this.vocab = vocab;
        int n = vocab.size();
        text = vocab.tokens().toArray(String[]::new);
        tokenToId = new HashMap<>(n * 2);
        attrs = new int[n];
        for (int i = 0; i < n; i++) {
            tokenToId.put(text[i], i);
            attrs[i] = TokenAttributes.fromTokenType(vocab.tokenTypes()[i]);
        }
        eog = Set.copyOf(SpecialTokenRules.apply(vocab, text, attrs, tokenToId));
        isEog = new boolean[n];
        eog.forEach(id -> isEog[id] = true);
        int special = TokenAttributes.CONTROL | TokenAttributes.USER_DEFINED | TokenAttributes.UNKNOWN;
        int[] specialIds = IntStream.range(0, n).filter(i -> (attrs[i] & special) != 0).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -text[i].length()).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        specialSplitter = new SpecialTokenSplitter(specialIds, text, attrs);
        if (vocab.kind() == TokenizerKind.BPE) {
            Map<String, Integer> ranks = new HashMap<>(vocab.merges().size() * 2);
            for (int i = 0; i < vocab.merges().size(); i++) ranks.putIfAbsent(vocab.merges().get(i), i);
            bpe = new BpeWordEncoder(tokenToId, ranks, vocab.preTokenizer().ignoreMerges(), vocab.preTokenizer().byteEncode());
            splitters = vocab.preTokenizer().splitters();
            spm = null;
        } else {
            bpe = null;
            splitters = List.of();
            spm = new SentencePieceEncoder(tokenToId, vocab.scores(), vocab.unk());
        }
        pieces = new byte[n][];
        for (int i = 0; i < n; i++) pieces[i] = computePiece(i);
    }

    /** The tokenizer of a GGUF file, from its {@code tokenizer.ggml.*} keys. */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        return new Tokenizer(GgufVocabularyReader.read(metadata));
    }

    /**
     * @param addSpecial   add BOS/EOS as the vocabulary asks (llama.cpp's add_special); pass false for
     *                     text rendered by a chat template that already starts with the BOS text
     * @param parseSpecial recognise control tokens such as {@code <|im_start|>} written in the text
     */
    public int[] encode(String input, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList(Math.max(16, input.length() / 3));
        List<SpecialTokenSplitter.Fragment> fragments = specialSplitter.split(input, parseSpecial);
        if (vocab.kind() == TokenizerKind.SPM) {
            if (addSpecial && vocab.addBos() && vocab.bos() != Vocabulary.NONE) out.add(vocab.bos());
            boolean prevSpecial = true;
            for (SpecialTokenSplitter.Fragment f : fragments) {
                switch (f) {
                    case SpecialTokenSplitter.Text t -> {
                        String s = (vocab.addSpacePrefix() && prevSpecial ? " " : "") + t.text();
                        spm.encode(s.replace(" ", SPM_SPACE), out);
                        prevSpecial = false;
                    }
                    case SpecialTokenSplitter.Special sp -> {
                        out.add(sp.id());
                        prevSpecial = true;
                    }
                }
            }
        } else {
            if (addSpecial && vocab.addBos() && vocab.bos() != Vocabulary.NONE) out.add(vocab.bos());
            for (SpecialTokenSplitter.Fragment f : fragments) {
                switch (f) {
                    case SpecialTokenSplitter.Text t -> encodeBpeText(t.text(), out);
                    case SpecialTokenSplitter.Special sp -> out.add(sp.id());
                }
            }
        }
        if (addSpecial && vocab.addEos() && vocab.eos() != Vocabulary.NONE) out.add(vocab.eos());
        return out.toArray();
    }

    /**
     * The ids of a prompt rendered by a chat template: special tokens in the text are parsed, and BOS
     * is added as the vocabulary asks unless the text already starts with the BOS token (templates of
     * Llama 3 and Gemma write {@code bos_token} themselves), so BOS is never doubled.
     */
    public int[] encodeChatPrompt(String rendered) {
        boolean startsWithBos = vocab.bos() != Vocabulary.NONE && !bosText().isEmpty() && rendered.startsWith(bosText())
                && isSpecial(vocab.bos());
        return encode(rendered, !startsWithBos, true);
    }

    private void encodeBpeText(String raw, IntList out) {
        String s = vocab.preTokenizer().spmWhitespace() ? raw.replace(" ", SPM_SPACE) : raw;
        int[] cps = s.codePoints().toArray();
        IntList words = IntList.of(cps.length);
        for (WordSplitter splitter : splitters) words = splitter.split(cps, words);
        int pos = 0;
        for (int w = 0; w < words.size(); w++) {
            int len = words.get(w);
            String word = new String(cps, pos, len);
            pos += len;
            if (vocab.preTokenizer().byteEncode()) word = ByteLevelEncoding.encode(word);
            int[] cached = wordCache.get(word);
            if (cached == null) {
                IntList ids = new IntList(8);
                bpe.encode(word, ids);
                cached = ids.toArray();
                if (wordCache.size() >= WORD_CACHE_LIMIT) wordCache.clear();
                wordCache.put(word, cached);
            }
            out.addAll(cached);
        }
    }

    /** The bytes of one token as generated text (special tokens rendered as their text), for streaming. */
    public byte[] piece(int id) {
        return pieces[checkId(id)].clone();
    }

    /** As {@link #piece(int)}, but control and unknown tokens give no bytes unless {@code renderSpecial}. */
    public byte[] piece(int id, boolean renderSpecial) {
        checkId(id);
        if (!renderSpecial && (attrs[id] & (TokenAttributes.CONTROL | TokenAttributes.UNKNOWN)) != 0) return new byte[0];
        return pieces[id].clone();
    }

    /**
     * The text of a token sequence, as llama.cpp's detokenize without clean-up of spaces: the leading
     * space SentencePiece added is removed. Invalid UTF-8 becomes U+FFFD.
     */
    public String decode(int[] ids, boolean renderSpecial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        boolean removeSpace = vocab.addSpacePrefix();
        for (int id : ids) {
            byte[] p = piece(id, renderSpecial);
            int from = removeSpace && p.length > 0 && p[0] == ' ' ? 1 : 0;
            out.write(p, from, p.length - from);
            removeSpace = false;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public String decode(int[] ids) {
        return decode(ids, true);
    }

    private byte[] computePiece(int id) {
        int a = attrs[id];
        String t = text[id];
        if ((a & (TokenAttributes.CONTROL | TokenAttributes.UNKNOWN | TokenAttributes.USER_DEFINED)) != 0) {
            return t.getBytes(StandardCharsets.UTF_8);
        }
        if ((a & TokenAttributes.NORMAL) != 0) {
            if (vocab.kind() == TokenizerKind.SPM || vocab.preTokenizer().spmWhitespace()) {
                return t.replace(SPM_SPACE, " ").getBytes(StandardCharsets.UTF_8);
            }
            return ByteLevelEncoding.decode(t);
        }
        if ((a & TokenAttributes.BYTE) != 0 && t.length() == 6 && t.startsWith("<0x")) {
            return new byte[] {(byte) Integer.parseInt(t.substring(3, 5), 16)};
        }
        return new byte[0];
    }

    private int checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + pieces.length);
        }
        return id;
    }

    public int vocabularySize() {
        return text.length;
    }

    public OptionalInt bos() {
        return vocab.bos() == Vocabulary.NONE ? OptionalInt.empty() : OptionalInt.of(vocab.bos());
    }

    public OptionalInt eos() {
        return vocab.eos() == Vocabulary.NONE ? OptionalInt.empty() : OptionalInt.of(vocab.eos());
    }

    /** The ids that end generation (eos, eot, eom, <|im_end|>, <end_of_turn>, ... as llama.cpp decides). */
    public Set<Integer> eogIds() {
        return eog;
    }

    public boolean isEog(int id) {
        return id >= 0 && id < isEog.length && isEog[id];
    }

    /** Control, user-defined or unknown: a token with a meaning beyond its text. */
    public boolean isSpecial(int id) {
        checkId(id);
        return (attrs[id] & (TokenAttributes.CONTROL | TokenAttributes.USER_DEFINED | TokenAttributes.UNKNOWN)) != 0;
    }

    /** The token's text as stored in the vocabulary (byte-encoded for byte-level BPE). */
    public String tokenText(int id) {
        return text[checkId(id)];
    }

    /** The id of a token by its exact vocabulary text, e.g. "<|im_end|>". */
    public OptionalInt tokenId(String tokenText) {
        Integer id = tokenToId.get(tokenText);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** BOS and EOS texts for chat templates ({@code bos_token}, {@code eos_token}); empty when absent. */
    public String bosText() {
        return vocab.bos() == Vocabulary.NONE ? "" : text[vocab.bos()];
    }

    public String eosText() {
        return vocab.eos() == Vocabulary.NONE ? "" : text[vocab.eos()];
    }

    /** Whether {@link #encode} with addSpecial prepends BOS. */
    public boolean addsBos() {
        return vocab.addBos() && vocab.bos() != Vocabulary.NONE;
    }

    public Vocabulary vocabulary() {
        return vocab;
    }

    @Override
    public String toString() {
        return "Tokenizer[" + vocab.kind() + ", pre=" + vocab.preTokenizer().name() + ", " + text.length + " tokens, eog="
                + Arrays.toString(eog.stream().sorted().toArray()) + "]";
    }
}
