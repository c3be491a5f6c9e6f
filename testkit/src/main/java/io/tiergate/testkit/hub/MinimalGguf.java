package io.tiergate.testkit.hub;

import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.GgufWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small valid GGUF files for model-store tests, written with the testkit's {@link GgufWriter}: the
 * metadata keys the store reads, a 3-token vocabulary, and one F32 tensor of zeros whose element count
 * is the model's parameter count.
 */
public final class MinimalGguf {

    private MinimalGguf() {}

    /**
     * @param architecture  {@code general.architecture}
     * @param fileType      {@code general.file_type} (7 = Q8_0, 15 = Q4_K_M)
     * @param contextLength {@code <arch>.context_length}
     * @param chatTemplate  {@code tokenizer.chat_template}
     * @param parameters    elements of the one F32 tensor ({@code parameters * 4} data bytes)
     */
    public static byte[] model(String architecture, int fileType, int contextLength, String chatTemplate, int parameters) {
        return bytes(writer(architecture, fileType, contextLength, chatTemplate, parameters, "weight"));
    }

    /** Part {@code no} (1-based) of a split set of {@code count}, each with its own header and tensor. */
    public static byte[] splitPart(String architecture, int fileType, int no, int count, int parameters) {
        GgufWriter w = writer(architecture, fileType, 4096, "{{ messages }}", parameters, "weight." + no)
                .putUint16("split.no", no - 1).putUint16("split.count", count);
        return bytes(w);
    }

    private static GgufWriter writer(String arch, int fileType, int ctx, String template, int parameters, String tensor) {
        return new GgufWriter()
                .putString("general.architecture", arch)
                .putUint32("general.file_type", fileType)
                .putUint32(arch + ".context_length", ctx)
                .putString("tokenizer.chat_template", template)
                .putStringArray("tokenizer.ggml.tokens", List.of("a", "b", "c"))
                .rawTensor(tensor, GgufTensorType.F32, new long[]{parameters}, new byte[parameters * 4]);
    }

    private static byte[] bytes(GgufWriter w) {
        try {
            Path tmp = Files.createTempFile("minimal-", ".gguf");
            try {
                return Files.readAllBytes(w.write(tmp));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
