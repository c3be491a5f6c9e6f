package io.tiergate.engine.oracle;

import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.QuantMix;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import io.tiergate.testkit.gguf.SyntheticVocabulary;
import io.tiergate.testkit.gguf.WeightScales;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The random-weight GGUF files compared with llama.cpp in {@link LlamaCppContinuationTest}: every
 * architecture on every tensor type the test kit writes plus a Q4_K_M-style mix in tiny shapes, and
 * on Q8_0 and Q4_K_M in published models' widths; fixed seeds, so the same bytes come out on every
 * machine. Run as a program it writes them to a folder with a {@code manifest.json} for
 * {@code src/test/setup/reference-continuations.mjs} ({@code reference-continuations.sh} does both):
 * <pre>
 * mvn -q -o -pl engine test-compile org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tiergate.engine.oracle.OracleModelFiles -Dexec.args=/tmp/oracle-files
 * </pre>
 */
public final class OracleModelFiles {

    public static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "qwen3", "gemma3");

    /** The prompt, one token per byte under {@link SyntheticVocabulary} (45 tokens). */
    public static final String PROMPT = "the quick brown fox jumps over the lazy dog. ";

    /**
     * Prompt lengths after which logits are compared: the prompt is fed in chunks ending there (one
     * batched pass per chunk on our side, one batch with logits at these rows on llama.cpp's): the
     * 9-token chunk takes our per-token path, the 16- and 20-token chunks the tiled prompt path.
     */
    public static final int[] PROMPT_CHECKPOINTS = {9, 25, PROMPT.length()};

    /** Tokens generated greedily after the prompt; 45 + 24 passes gemma3's 16-token sliding window. */
    public static final int STEPS = 24;

    /**
     * One file: architecture, weight types ({@code F32} … or {@code Q4_K_M}), the weights' seed, and
     * whether it has the {@link #wideShape} (else the {@link #tinyShape}).
     */
    public record Case(String architecture, String types, long seed, boolean wide) {

        public String fileName() {
            return architecture + (wide ? "-wide-" : "-") + types + ".gguf";
        }

        public QuantMix mix() {
            return types.equals("Q4_K_M") ? QuantMix.q4KM() : QuantMix.uniform(GgufTensorType.valueOf(types));
        }

        public SyntheticModelShape shape() {
            return wide ? wideShape(architecture) : tinyShape(architecture);
        }

        /**
         * Gemma 3 gets {@link WeightScales#gemma3Balanced}, else the model only repeats its input. The
         * wide gemma3 files also carry {@code gemma3.rope.freq_base_swa}, which llama.cpp's converter
         * writes and llama.cpp reads, with a value other than Gemma 3's 10 000 so that it must be honoured.
         */
        public Path write(Path dir) {
            SyntheticModelShape shape = shape();
            boolean gemma = architecture.equals("gemma3");
            WeightScales scales = gemma ? WeightScales.gemma3Balanced(shape.dim()) : WeightScales.defaults();
            return SyntheticModelWriter.write(dir.resolve(fileName()), shape, mix(), seed, scales, w -> {
                if (gemma && wide) w.putFloat32("gemma3.rope.freq_base_swa", 20_000f);
            });
        }
    }

    private OracleModelFiles() {}

    /**
     * {@link SyntheticModelShape#tiny}, except that qwen3 and gemma3 get heads wider than dim / heads
     * (128 × 4 = 512 against dim 256) as Qwen3 and Gemma 3 have, and gemma3 six layers, so that its
     * sixth layer is a global one (the first five use the 16-token sliding window).
     */
    public static SyntheticModelShape tinyShape(String architecture) {
        SyntheticModelShape t = SyntheticModelShape.tiny(architecture);
        return switch (architecture) {
            case "qwen3" -> shape(t, t.dim(), t.layers(), t.heads(), t.kvHeads(), 128, t.ffnDim());
            case "gemma3" -> shape(t, t.dim(), 6, t.heads(), 1, 128, t.ffnDim());
            default -> t;
        };
    }

    /**
     * Two layers (six for gemma3) of the published small models' widths, where the row lengths are
     * not all multiples of 256 and a Q4_K_M file falls back to Q5_0/Q8_0 as llama.cpp's quantizer does:
     * llama and qwen2 of Qwen2.5-0.5B's 896 (14 heads of 64, 2 KV heads), qwen3 of Qwen3-0.6B's 1024
     * (8 heads of 128), gemma3 of Gemma-3-1B's 1152 (4 heads of 256, 1 KV head).
     */
    public static SyntheticModelShape wideShape(String architecture) {
        SyntheticModelShape t = tinyShape(architecture);
        return switch (architecture) {
            case "qwen3" -> shape(t, 1024, t.layers(), 8, 2, 128, 1536);
            case "gemma3" -> shape(t, 1152, t.layers(), 4, 1, 256, 1536);
            default -> shape(t, 896, t.layers(), 14, 2, 64, 1280);
        };
    }

    private static SyntheticModelShape shape(SyntheticModelShape t, int dim, int layers, int heads, int kvHeads, int headDim, int ffnDim) {
        return new SyntheticModelShape(t.architecture(), dim, layers, heads, kvHeads, headDim, ffnDim, t.vocabSize(), t.contextLength(),
                t.ropeBase(), t.rmsEps(), t.tiedEmbeddings(), t.slidingWindow());
    }

    /** Every architecture on every tensor type and Q4_K_M in the tiny shape, then on Q8_0 and Q4_K_M in the wide one. */
    public static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        long seed = 101;
        for (String arch : ARCHITECTURES) {
            for (GgufTensorType t : GgufTensorType.values()) all.add(new Case(arch, t.name(), seed++, false));
            all.add(new Case(arch, "Q4_K_M", seed++, false));
        }
        for (String arch : ARCHITECTURES) {
            all.add(new Case(arch, "Q8_0", seed++, true));
            all.add(new Case(arch, "Q4_K_M", seed++, true));
        }
        return all;
    }

    public static int[] promptTokens() {
        return SyntheticVocabulary.encode(PROMPT);
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes every case's file and {@code manifest.json} (cases, hashes, prompt) into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        StringBuilder json = new StringBuilder("{\"prompt\":").append(ints(promptTokens()))
                .append(",\"checkpoints\":").append(ints(PROMPT_CHECKPOINTS)).append(",\"steps\":").append(STEPS).append(",\"files\":[");
        List<Case> cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path file = c.write(dir);
            json.append(i == 0 ? "" : ",").append("{\"file\":\"").append(c.fileName()).append("\",\"architecture\":\"")
                    .append(c.architecture()).append("\",\"types\":\"").append(c.types()).append("\",\"seed\":").append(c.seed())
                    .append(",\"wide\":").append(c.wide())
                    .append(",\"sha256\":\"").append(sha256(file)).append("\"}");
            System.out.println("wrote " + file);
        }
        Files.writeString(dir.resolve("manifest.json"), json.append("]}\n"));
    }

    private static String ints(int[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
        return sb.append(']').toString();
    }
}
