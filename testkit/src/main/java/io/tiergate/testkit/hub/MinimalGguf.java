package io.tiergate.testkit.hub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Small but valid GGUF v3 files for store tests: a few metadata keys and one F32 tensor of zeros (so the
 * parameter count is known), padded to 32-byte alignment. Interim: tests may switch to the testkit's
 * {@code GgufWriter} once it is committed; this writer only needs what the model store reads.
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
        return build(architecture, fileType, contextLength, chatTemplate, parameters, 0, 0);
    }

    /** Part {@code no} (1-based) of a split set of {@code count}, each with its own header and tensor. */
    public static byte[] splitPart(String architecture, int fileType, int no, int count, int parameters) {
        return build(architecture, fileType, 4096, "{{ messages }}", parameters, no, count);
    }

    private static byte[] build(String arch, int fileType, int ctx, String template, int parameters, int splitNo, int splitCount) {
        Buf kv = new Buf();
        int n = 0;
        kv.str("general.architecture").u32(8).str(arch); n++;
        kv.str("general.file_type").u32(4).u32(fileType); n++;
        kv.str(arch + ".context_length").u32(4).u32(ctx); n++;
        kv.str("tokenizer.chat_template").u32(8).str(template); n++;
        // An array the reader must skip: a 3-token vocabulary.
        kv.str("tokenizer.ggml.tokens").u32(9).u32(8).u64(3).str("a").str("b").str("c"); n++;
        if (splitCount > 0) {
            kv.str("split.no").u32(2).u16(splitNo - 1); n++;
            kv.str("split.count").u32(2).u16(splitCount); n++;
        }
        Buf out = new Buf();
        out.u32(0x46554747).u32(3).u64(1).u64(n).raw(kv.bytes());
        out.str("weight." + splitNo).u32(1).u64(parameters).u32(0).u64(0); // 1-D F32 tensor at data offset 0
        while (out.size() % 32 != 0) out.raw(new byte[1]);
        out.raw(new byte[parameters * 4]);
        return out.bytes();
    }

    private static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u16(int v) { return le(v, 2); }
        Buf u32(long v) { return le(v, 4); }
        Buf u64(long v) { return le(v, 8); }

        Buf str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u64(b.length).raw(b);
        }

        Buf raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        int size() { return out.size(); }

        byte[] bytes() { return out.toByteArray(); }

        private Buf le(long v, int width) {
            ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
            out.write(bb.array(), 0, width);
            return this;
        }
    }
}
