package io.tiergate.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed model reference. Accepted forms:
 * <ul>
 *   <li>{@code hf.co/ORG/REPO:QUANT} and {@code huggingface.co/ORG/REPO:QUANT} (Ollama's Hugging Face syntax;
 *       QUANT defaults to {@value #DEFAULT_QUANTIZATION})</li>
 *   <li>{@code ORG/REPO:QUANT} and {@code ORG/REPO} (the same without the host)</li>
 *   <li>{@code ORG/REPO/FILE.gguf} (one file; with or without the host)</li>
 *   <li>a short alias from the built-in {@link ModelCatalogue}, e.g. {@code qwen3:0.6b}</li>
 * </ul>
 *
 * @param name     the name the model is stored under: the alias itself, or {@code hf.co/ORG/REPO:QUANT}
 *                 / {@code hf.co/ORG/REPO/FILE.gguf} for Hub references
 * @param repo     {@code ORG/REPO} on the Hub
 * @param revision branch, tag or commit to resolve ({@code main})
 */
public record ModelRef(String name, String repo, String revision, FileSelector selector) {

    public static final String DEFAULT_QUANTIZATION = "Q4_K_M";
    public static final String DEFAULT_REVISION = "main";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern QUANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    /** Parses {@code text} with the built-in catalogue for aliases. */
    public static ModelRef parse(String text) {
        return parse(text, ModelCatalogue.builtIn());
    }

    public static ModelRef parse(String text, ModelCatalogue catalogue) {
        String t = text.strip();
        if (t.isEmpty()) throw ModelStoreException.invalid("model reference is empty; expected e.g. hf.co/ORG/REPO:QUANT or "
                + String.join(", ", catalogue.aliases().stream().limit(3).toList()));
        String hubPart = stripHost(t);
        if (!hubPart.contains("/")) {
            return catalogue.resolve(t.toLowerCase(Locale.ROOT))
                    .map(ref -> new ModelRef(t.toLowerCase(Locale.ROOT), ref.repo(), ref.revision(), ref.selector()))
                    .orElseThrow(() -> ModelStoreException.notFound("unknown model alias '" + t + "'; known aliases: "
                            + String.join(", ", catalogue.aliases())
                            + " (or use hf.co/ORG/REPO:QUANT, ORG/REPO/FILE.gguf)"));
        }
        return parseHub(t, hubPart);
    }

    private static String stripHost(String t) {
        String s = t.replaceFirst("^(?i)https?://", "");
        for (String host : new String[]{"hf.co/", "huggingface.co/"}) {
            if (s.regionMatches(true, 0, host, 0, host.length())) return s.substring(host.length());
        }
        return s;
    }

    private static ModelRef parseHub(String original, String s) {
        String[] parts = s.split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) throw badShape(original);
        String org = parts[0];
        if (parts.length == 3) {
            String file = parts[2];
            requireSegment(original, org);
            requireSegment(original, parts[1]);
            if (!file.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
                throw ModelStoreException.invalid("'" + original + "': the file must be a .gguf file (got '" + file + "')");
            }
            for (String seg : file.split("/")) requireSegment(original, seg);
            String repo = org + "/" + parts[1];
            return new ModelRef("hf.co/" + repo + "/" + file, repo, DEFAULT_REVISION, new FileSelector.ByFile(file));
        }
        String repoName = parts[1];
        String quant = DEFAULT_QUANTIZATION;
        int colon = repoName.indexOf(':');
        if (colon >= 0) {
            quant = repoName.substring(colon + 1);
            repoName = repoName.substring(0, colon);
            if (!QUANT.matcher(quant).matches()) {
                throw ModelStoreException.invalid("'" + original + "': '" + quant + "' is not a quantization name (e.g. Q4_K_M, Q8_0)");
            }
        }
        requireSegment(original, org);
        requireSegment(original, repoName);
        String repo = org + "/" + repoName;
        String q = quant.toUpperCase(Locale.ROOT);
        return new ModelRef("hf.co/" + repo + ":" + q, repo, DEFAULT_REVISION, new FileSelector.ByQuantization(q));
    }

    private static void requireSegment(String original, String segment) {
        if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
            throw ModelStoreException.invalid("'" + original + "': '" + segment
                    + "' is not a valid Hub name (letters, digits, '.', '_', '-')");
        }
    }

    private static ModelStoreException badShape(String original) {
        return ModelStoreException.invalid("'" + original + "' is not a model reference; expected hf.co/ORG/REPO:QUANT, "
                + "ORG/REPO:QUANT, ORG/REPO/FILE.gguf or a catalogue alias such as qwen3:0.6b");
    }
}
