package io.tiergate.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * llama.cpp's {@code tokenizer_st_partition}: before normal tokenization, the text is cut at every
 * occurrence of a special token, longest token texts first, so {@code <|im_start|>} becomes one id.
 * Control and unknown tokens are only recognised when parsing special tokens is asked for;
 * user-defined tokens always are (as Hugging Face tokenizers do).
 */
final class SpecialTokenSplitter {

    /** A piece of the input: raw text to tokenize, or one special token id. */
    sealed interface Fragment permits Text, Special {}

    record Text(String text) implements Fragment {}

    record Special(int id) implements Fragment {}

    private final int[] specialIds;
    private final String[] specialTexts;
    private final boolean[] needsParseSpecial;

    /** @param idsLongestFirst special token ids, longest text first */
    SpecialTokenSplitter(int[] idsLongestFirst, String[] tokenTexts, int[] attributes) {
        this.specialIds = idsLongestFirst.clone();
        this.specialTexts = new String[specialIds.length];
        this.needsParseSpecial = new boolean[specialIds.length];
        for (int i = 0; i < specialIds.length; i++) {
            specialTexts[i] = tokenTexts[specialIds[i]];
            needsParseSpecial[i] = (attributes[specialIds[i]] & (TokenAttributes.CONTROL | TokenAttributes.UNKNOWN)) != 0;
        }
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) return fragments;
        fragments.add(new Text(text));
        for (int s = 0; s < specialIds.length; s++) {
            if (!parseSpecial && needsParseSpecial[s]) continue;
            String special = specialTexts[s];
            if (special.isEmpty()) continue;
            List<Fragment> next = null;
            for (int f = 0; f < fragments.size(); f++) {
                Fragment fragment = fragments.get(f);
                int at = fragment instanceof Text t ? t.text().indexOf(special) : -1;
                if (at < 0) {
                    if (next != null) next.add(fragment);
                    continue;
                }
                if (next == null) next = new ArrayList<>(fragments.subList(0, f));
                String raw = ((Text) fragment).text();
                int from = 0;
                while (at >= 0) {
                    if (at > from) next.add(new Text(raw.substring(from, at)));
                    next.add(new Special(specialIds[s]));
                    from = at + special.length();
                    at = raw.indexOf(special, from);
                }
                if (from < raw.length()) next.add(new Text(raw.substring(from)));
            }
            if (next != null) fragments = next;
        }
        return fragments;
    }
}
