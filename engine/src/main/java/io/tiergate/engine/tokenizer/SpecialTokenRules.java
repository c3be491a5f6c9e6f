package io.tiergate.engine.tokenizer;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fix-ups llama.cpp's vocabulary loader applies by token text, because converted files do not
 * always mark them: end-of-turn and fill-in-the-middle tokens are forced to control type, and the
 * end-of-generation set is every token named like an end of turn plus eos/eot/eom and the FIM
 * pad/repo/separator tokens.
 */
final class SpecialTokenRules {
    private SpecialTokenRules() {}

    static final List<String> EOT_NAMES = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
            "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>");

    static final List<String> EOG_NAMES = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",
            "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]",
            "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
            "<｜end▁of▁sentence｜>", "[e~[");

    /** FIM tokens: all forced to control; pad, repo and file separator also end generation. */
    static final List<String> FIM_NAMES = List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>",
            "▁<PRE>", "<|code_prefix|>", "<|prefix|>", "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>",
            "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>", "<|fim_middle|>", "<fim-middle>", "<fim_middle>",
            "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>");
    static final List<String> FIM_EOG_NAMES = List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]",
            "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>", "<|file_sep|>");

    /** gpt-oss: llama.cpp always renders these as user-defined. */
    static final Set<String> ALWAYS_USER_DEFINED = Set.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>");

    /** Adjusts {@code attrs} in place and returns the end-of-generation ids. */
    static Set<Integer> apply(Vocabulary v, String[] text, int[] attrs, java.util.Map<String, Integer> tokenToId) {
        TreeSet<Integer> eog = new TreeSet<>();
        for (String name : FIM_NAMES) forceControl(name, tokenToId, attrs);
        for (String name : FIM_EOG_NAMES) {
            Integer id = forceControl(name, tokenToId, attrs);
            if (id != null) eog.add(id);
        }
        for (String name : EOT_NAMES) forceControl(name, tokenToId, attrs);
        for (String name : EOG_NAMES) {
            Integer id = forceControl(name, tokenToId, attrs);
            if (id != null) eog.add(id);
        }
        if (tokenToId.containsKey("<|eom_id|>")) forceControl("<|eom_id|>", tokenToId, attrs);
        for (String name : ALWAYS_USER_DEFINED) {
            Integer id = tokenToId.get(name);
            if (id != null) attrs[id] = TokenAttributes.USER_DEFINED;
        }
        for (int id : new int[] {v.eos(), v.eot(), v.eom()}) {
            if (id != Vocabulary.NONE) eog.add(id);
        }
        // o200k_harmony / solar-open: <|end|> is not an end of generation when <|return|> and <|call|> exist
        Integer end = tokenToId.get("<|end|>");
        boolean hasCall = tokenToId.containsKey("<|call|>") || tokenToId.containsKey("<|calls|>");
        if (end != null && hasCall && (tokenToId.containsKey("<|return|>") || tokenToId.containsKey("<|flush|>"))) {
            eog.remove(end);
            attrs[end] = TokenAttributes.USER_DEFINED;
        }
        // gemma4 / paddleocr: </s> is not an end of generation when <|tool_response> exists
        Integer s = tokenToId.get("</s>");
        if (s != null && tokenToId.containsKey("<|tool_response>") && eog.contains(s)) {
            eog.remove(s);
            attrs[s] = TokenAttributes.NORMAL;
        }
        return eog;
    }

    private static Integer forceControl(String name, java.util.Map<String, Integer> tokenToId, int[] attrs) {
        Integer id = tokenToId.get(name);
        if (id != null) attrs[id] |= TokenAttributes.CONTROL;
        return id;
    }
}
