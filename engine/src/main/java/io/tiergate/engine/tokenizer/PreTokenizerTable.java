package io.tiergate.engine.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import static java.util.Map.entry;

/**
 * The pre-tokenizer of each {@code tokenizer.ggml.pre} name that llama.cpp knows, copied from
 * llama.cpp's {@code llama-vocab.cpp} (MIT): the regexes applied one after the other, and the flags
 * llama.cpp sets with each name (ignore merges when a whole word is a token, add BOS by default,
 * SentencePiece-style whitespace with raw UTF-8 instead of GPT-2 byte encoding).
 * Omitted (rejected as unsupported): kimi-k2, afmoe, superbpe, chameleon, whitespace, tiny_aya,
 * whose splitting llama.cpp does with special code.
 */
final class PreTokenizerTable {
    private PreTokenizerTable() {}

    private static final Map<String, List<String>> REGEXES = Map.ofEntries(
            entry("DEFAULT", List.of(
                    "[\\p{P}\\$\\+<=>\\^~\\|]+",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
                    "\\p{N}+",
                    "[0-9][0-9][0-9]")),
            entry("MINICPM5", List.of(
                    "\\p{N}{1,3}",
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("LLAMA3", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("DEEPSEEK_LLM", List.of(
                    "[\r\n]",
                    "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+",
                    "\\s?[!-/:-~！-／：-～‘-‟　-。]+",
                    "\\s+$",
                    "[一-龥ࠀ-一가-퟿]+",
                    "\\p{N}+")),
            entry("DEEPSEEK_CODER", List.of(
                    "[\r\n]",
                    "\\s?\\p{L}+",
                    "\\s?\\p{P}+",
                    "[一-龥ࠀ-一가-퟿]+",
                    "\\p{N}")),
            entry("DEEPSEEK3_LLM", List.of(
                    "\\p{N}{1,3}",
                    "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+")),
            entry("SPARK2_5", List.of(
                    "\\p{N}{1,3}",
                    "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+|[\r\n]|\\s+(?!\\S)|\\s+",
                    "\\p{N}")),
            entry("YOUTU", List.of(
                    "[가-힣ㄱ-ㆎ]+|[！…“”‘’—：；，、-〿︰-﹏]+|[ㄅ-ㄯ]+|[一-龥぀-ゟ゠-ヿ]+",
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("FALCON", List.of(
                    "[\\p{P}\\$\\+<=>\\^~\\|`]+",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
                    "[0-9][0-9][0-9]")),
            entry("MPT", List.of(
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("STARCODER", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("GPT2", List.of(
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("JAIS2", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s{512}(?!\\S)|\\s{256}(?!\\S)|\\s{128}(?!\\S)|\\s{64}(?!\\S)|\\s{32}(?!\\S)|\\s{16}(?!\\S)|\\s{8}(?!\\S)|\\s{4}(?!\\S)|\\s{1,2}(?!\\S)|\\s{1}")),
            entry("GEMMA4", List.of(
                    "[^\\n]+|[\\n]+")),
            entry("SARVAM_MOE", List.of(
                    "[^\\n]+|[\\n]+")),
            entry("REFACT", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("COMMAND_R", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("QWEN2", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("QWEN35", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("STABLELM2", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("OLMO", List.of(
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("DBRX", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("SMAUG", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("PORO", List.of(
                    " ?[^(\\s|.,!?…。，、।۔،)]+")),
            entry("CHATGLM4", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("VIKING", List.of(
                    " ?[^(\\s|.,!?…。，、।۔،)]+",
                    "\\p{N}")),
            entry("JAIS", List.of(
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("TEKKEN", List.of(
                    "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("SMOLLM", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("CODESHELL", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("BLOOM", List.of(
                    " ?[^(\\s|.,!?…。，、।۔،)]+")),
            entry("GPT3_FINNISH", List.of(
                    " ?[^(\\s|.,!?…。，、।۔،)]+")),
            entry("EXAONE", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("EXAONE_MOE", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?(?:\\p{L}\\p{M}*(?: \\p{L}\\p{M}*)*)+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]?|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+")),
            entry("MINERVA", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("GPT4O", List.of(
                    "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("GRANITE_EMB_MULTI", List.of(
                    "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}\\p{M}])([^a-z]))*((?=[\\p{L}\\p{M}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}\\p{M}])([^a-z]))+((?=[\\p{L}\\p{M}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("TRILLION", List.of(
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("GRANITE_DOCLING", List.of(
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")),
            entry("BAILINGMOE", List.of(
                    "'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+")),
            entry("SEED_CODER", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("HUNYUAN", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("HUNYUAN_DENSE", List.of(
                    "\\p{N}{1,3}",
                    "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+")),
            entry("HY_V4", List.of(
                    "\\p{N}{1,3}",
                    "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+")),
            entry("JOYAI_LLM", List.of(
                    "\\p{N}{1,3}",
                    "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+")),
            entry("UFAKZEKA", List.of(
                    "[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("GROK_2", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("LAGUNA", List.of(
                    "[^\\n]+|[\\n]+",
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("MINIMAX_M2", List.of(
                    "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("SOLAR_OPEN", List.of(
                    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("MELLUM2", List.of(
                    "\\p{N}",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)")));

    /** name → (type, ignoreMerges, addBos, spm-style whitespace) */
    private static final Map<String, PreTokenizer> BY_NAME = Map.ofEntries(
            entry("default", make("default", "DEFAULT", false, false, false)),
            entry("minicpm5", make("minicpm5", "MINICPM5", true, false, false)),
            entry("llama3", make("llama3", "LLAMA3", true, true, false)),
            entry("llama-v3", make("llama-v3", "LLAMA3", true, true, false)),
            entry("llama-bpe", make("llama-bpe", "LLAMA3", true, true, false)),
            entry("falcon3", make("falcon3", "LLAMA3", true, true, false)),
            entry("falcon-h1", make("falcon-h1", "LLAMA3", true, true, false)),
            entry("pixtral", make("pixtral", "LLAMA3", true, true, false)),
            entry("midm-2.0", make("midm-2.0", "LLAMA3", true, true, false)),
            entry("lfm2", make("lfm2", "LLAMA3", true, true, false)),
            entry("jina-v5-nano", make("jina-v5-nano", "LLAMA3", true, true, false)),
            entry("deepseek-llm", make("deepseek-llm", "DEEPSEEK_LLM", false, false, false)),
            entry("deepseek-coder", make("deepseek-coder", "DEEPSEEK_CODER", false, false, false)),
            entry("deepseek-v3", make("deepseek-v3", "DEEPSEEK3_LLM", false, false, false)),
            entry("spark2_5", make("spark2_5", "SPARK2_5", false, false, false)),
            entry("youtu", make("youtu", "YOUTU", true, false, false)),
            entry("falcon", make("falcon", "FALCON", false, false, false)),
            entry("mpt", make("mpt", "MPT", false, false, false)),
            entry("starcoder", make("starcoder", "STARCODER", false, false, false)),
            entry("gpt-2", make("gpt-2", "GPT2", false, false, false)),
            entry("phi-2", make("phi-2", "GPT2", false, false, false)),
            entry("jina-es", make("jina-es", "GPT2", false, false, false)),
            entry("jina-de", make("jina-de", "GPT2", false, false, false)),
            entry("gigachat", make("gigachat", "GPT2", false, false, false)),
            entry("jina-v2-es", make("jina-v2-es", "GPT2", false, false, false)),
            entry("jina-v2-de", make("jina-v2-de", "GPT2", false, false, false)),
            entry("a.x-4.0", make("a.x-4.0", "GPT2", false, false, false)),
            entry("mellum", make("mellum", "GPT2", false, false, false)),
            entry("modern-bert", make("modern-bert", "GPT2", false, false, false)),
            entry("jais-2", make("jais-2", "JAIS2", false, false, false)),
            entry("gemma4", make("gemma4", "GEMMA4", false, false, true)),
            entry("granite-embed-multi-311m", make("granite-embed-multi-311m", "GEMMA4", false, false, true)),
            entry("sarvam-moe", make("sarvam-moe", "SARVAM_MOE", false, false, true)),
            entry("jina-v1-en", make("jina-v1-en", "GPT2", false, false, false)),
            entry("jina-v2-code", make("jina-v2-code", "GPT2", false, false, false)),
            entry("roberta-bpe", make("roberta-bpe", "GPT2", false, false, false)),
            entry("refact", make("refact", "REFACT", false, false, false)),
            entry("command-r", make("command-r", "COMMAND_R", false, false, false)),
            entry("qwen2", make("qwen2", "QWEN2", false, false, false)),
            entry("deepseek-r1-qwen", make("deepseek-r1-qwen", "QWEN2", false, false, false)),
            entry("kormo", make("kormo", "QWEN2", false, false, false)),
            entry("f2llmv2", make("f2llmv2", "QWEN2", false, false, false)),
            entry("qwen35", make("qwen35", "QWEN35", false, false, false)),
            entry("stablelm2", make("stablelm2", "STABLELM2", false, false, false)),
            entry("olmo", make("olmo", "OLMO", false, false, false)),
            entry("dbrx", make("dbrx", "DBRX", false, false, false)),
            entry("smaug-bpe", make("smaug-bpe", "SMAUG", false, false, false)),
            entry("poro-chat", make("poro-chat", "PORO", false, false, false)),
            entry("glm4", make("glm4", "CHATGLM4", false, false, false)),
            entry("chatglm-bpe", make("chatglm-bpe", "CHATGLM4", false, false, false)),
            entry("viking", make("viking", "VIKING", false, false, false)),
            entry("jais", make("jais", "JAIS", false, false, false)),
            entry("tekken", make("tekken", "TEKKEN", true, true, false)),
            entry("smollm", make("smollm", "SMOLLM", false, false, false)),
            entry("codeshell", make("codeshell", "CODESHELL", false, false, false)),
            entry("bloom", make("bloom", "BLOOM", false, false, false)),
            entry("gpt3-finnish", make("gpt3-finnish", "GPT3_FINNISH", false, false, false)),
            entry("exaone", make("exaone", "EXAONE", false, false, false)),
            entry("exaone4", make("exaone4", "GPT2", false, false, false)),
            entry("exaone-moe", make("exaone-moe", "EXAONE_MOE", false, false, false)),
            entry("minerva-7b", make("minerva-7b", "MINERVA", false, false, false)),
            entry("megrez", make("megrez", "QWEN2", false, false, false)),
            entry("gpt-4o", make("gpt-4o", "GPT4O", false, false, false)),
            entry("llama4", make("llama4", "GPT4O", false, false, false)),
            entry("kanana2", make("kanana2", "GPT4O", false, false, false)),
            entry("talkie", make("talkie", "GPT4O", false, false, false)),
            entry("granite-embed-multi-97m", make("granite-embed-multi-97m", "GRANITE_EMB_MULTI", true, false, false)),
            entry("trillion", make("trillion", "TRILLION", false, false, false)),
            entry("granite-docling", make("granite-docling", "GRANITE_DOCLING", false, false, false)),
            entry("bailingmoe", make("bailingmoe", "BAILINGMOE", false, false, false)),
            entry("bailingmoe2", make("bailingmoe2", "BAILINGMOE", false, false, false)),
            entry("llada-moe", make("llada-moe", "BAILINGMOE", false, false, false)),
            entry("seed-coder", make("seed-coder", "SEED_CODER", false, false, false)),
            entry("hunyuan", make("hunyuan", "HUNYUAN", false, false, false)),
            entry("hunyuan-dense", make("hunyuan-dense", "HUNYUAN_DENSE", false, false, false)),
            entry("hy_v4", make("hy_v4", "HY_V4", false, false, false)),
            entry("joyai-llm", make("joyai-llm", "JOYAI_LLM", false, false, false)),
            entry("ufakzeka", make("ufakzeka", "UFAKZEKA", false, false, false)),
            entry("grok-2", make("grok-2", "GROK_2", false, false, false)),
            entry("laguna", make("laguna", "LAGUNA", false, false, false)),
            entry("minimax-m2", make("minimax-m2", "MINIMAX_M2", false, false, false)),
            entry("solar-open", make("solar-open", "SOLAR_OPEN", false, false, false)),
            entry("mellum2", make("mellum2", "MELLUM2", false, false, false)));


    private static PreTokenizer make(String name, String type, boolean ignoreMerges, boolean addBos, boolean spmWhitespace) {
        return new PreTokenizer(name, type, REGEXES.get(type), ignoreMerges, addBos, spmWhitespace);
    }

    static Optional<PreTokenizer> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}
