package io.tiergate.engine.gguf;

import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GgufFileTest {

    @TempDir
    Path dir;

    private Path sample(int version) {
        float[] f32 = new float[64 * 2];
        for (int i = 0; i < f32.length; i++) f32[i] = i * 0.5f - 3;
        GgufWriter w = new GgufWriter().version(version)
                .putString("general.architecture", "llama")
                .putUint8("u8", 250).putInt8("i8", -5).putUint16("u16", 65000).putInt16("i16", -30000)
                .putUint32("u32", 4_000_000_000L).putInt32("i32", -7).putUint64("u64", 1L << 40).putInt64("i64", -9)
                .putFloat32("f32", 1.5f).putFloat64("f64", 2.25).putBool("yes", true).putBool("no", false)
                .putString("unicode", "héllo ✓ 🙂")
                .putStringArray("tokens", List.of("a", "b", "Ġthe", ""))
                .putFloatArray("scores", new float[]{0.5f, -1f})
                .putInt32Array("types", new int[]{1, 2, 3})
                .putArray("nested", 9, List.of(
                        GgufWriter.encodeArray(5, List.of(GgufWriter.encodeLittleEndian(1, 4))),
                        GgufWriter.encodeArray(8, List.of(GgufWriter.encodeString("x"), GgufWriter.encodeString("y")))))
                .tensor("t.f32", GgufTensorType.F32, new long[]{64, 2}, f32)
                .tensor("t.q8", GgufTensorType.Q8_0, new long[]{64, 2}, f32)
                .tensor("t.q4k", GgufTensorType.Q4_K, new long[]{256}, r -> new float[256]);
        return w.write(dir.resolve("sample-v" + version + ".gguf"));
    }

    @Test
    void readsEveryMetadataTypeBackAsWritten() {
        try (GgufFile f = GgufFile.open(sample(3))) {
            GgufMetadata m = f.metadata();
            assertThat(f.version()).isEqualTo(3);
            assertThat(m.string("general.architecture")).isEqualTo("llama");
            assertThat(m.integer("u8")).isEqualTo(250);
            assertThat(m.integer("i8")).isEqualTo(-5);
            assertThat(m.integer("u16")).isEqualTo(65000);
            assertThat(m.integer("i16")).isEqualTo(-30000);
            assertThat(m.integer("u32")).isEqualTo(4_000_000_000L);
            assertThat(m.integer("i32")).isEqualTo(-7);
            assertThat(m.integer("u64")).isEqualTo(1L << 40);
            assertThat(m.integer("i64")).isEqualTo(-9);
            assertThat(m.float32("f32")).isEqualTo(1.5f);
            assertThat(m.float32("f64")).isEqualTo(2.25f);
            assertThat(m.bool("yes")).isTrue();
            assertThat(m.bool("no")).isFalse();
            assertThat(m.string("unicode")).isEqualTo("héllo ✓ 🙂");
            assertThat(m.stringArray("tokens")).containsExactly("a", "b", "Ġthe", "");
            assertThat(m.floatArray("scores")).containsExactly(0.5f, -1f);
            assertThat(m.intArray("types")).containsExactly(1, 2, 3);
            GgufArray nested = m.array("nested");
            assertThat(nested.elementType()).isEqualTo(GgufValueType.ARRAY);
            GgufArray[] inner = (GgufArray[]) nested.values();
            assertThat((long[]) inner[0].values()).containsExactly(1L);
            assertThat((String[]) inner[1].values()).containsExactly("x", "y");
            assertThat(m.optString("absent")).isEmpty();
            assertThat(m.optInteger("absent")).isEmpty();
            assertThat(m.keys()).contains("u8", "nested");
        }
    }

    @Test
    void mapsTensorsInPlaceAtAlignedOffsets() {
        try (GgufFile f = GgufFile.open(sample(2))) {
            assertThat(f.version()).isEqualTo(2);
            assertThat(f.tensors().keySet()).containsExactly("t.f32", "t.q8", "t.q4k");
            GgufTensorInfo t = f.tensorInfo("t.f32").orElseThrow();
            assertThat(t.type()).isEqualTo(GgmlType.F32);
            assertThat(t.shape()).containsExactly(64, 2);
            assertThat(t.dataOffset() % 32).isZero();
            MemorySegment s = f.tensor("t.f32");
            assertThat(s.byteSize()).isEqualTo(64 * 2 * 4);
            assertThat(s.isMapped()).isTrue();
            var le = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            assertThat(s.getAtIndex(le, 7)).isEqualTo(7 * 0.5f - 3);
            assertThat(f.tensorInfo("t.q8").orElseThrow().bytes()).isEqualTo(4 * 34);
            assertThat(f.tensorInfo("t.q4k").orElseThrow().type()).isEqualTo(GgmlType.Q4_K);
        }
    }

    @Test
    void honoursACustomAlignment() {
        Path p = new GgufWriter().alignment(64).tensor("a", GgufTensorType.F32, new long[]{3}, new float[]{1, 2, 3})
                .tensor("b", GgufTensorType.F32, new long[]{1}, new float[]{9}).write(dir.resolve("al.gguf"));
        try (GgufFile f = GgufFile.open(p)) {
            assertThat(f.tensorInfo("b").orElseThrow().dataOffset() % 64).isZero();
            assertThat(f.tensor("b").get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0)).isEqualTo(9f);
        }
    }

    @Test
    void rejectsATruncatedFileAtEveryCutWithAnErrorNamingTheFile() throws IOException {
        Path full = sample(3);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.gguf");
        for (int len = 0; len < bytes.length; len += Math.max(1, len / 40)) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            final int l = len;
            assertThatThrownBy(() -> GgufFile.open(cut).close()).as("cut at %d", l)
                    .isInstanceOf(GgufFormatException.class).hasMessageContaining("cut.gguf");
        }
    }

    @Test
    void rejectsRandomGarbageAndCorruptedHeadersWithoutCrashing() throws IOException {
        Random rnd = new Random(7);
        byte[] good = Files.readAllBytes(sample(3));
        Path p = dir.resolve("junk.gguf");
        for (int i = 0; i < 300; i++) {
            byte[] b = good.clone();
            // flip bytes inside the header and metadata, where lengths and counts live
            for (int k = 0; k < 4; k++) b[8 + rnd.nextInt(600)] = (byte) rnd.nextInt(256);
            Files.write(p, b);
            try {
                GgufFile.open(p).close();
            } catch (GgufFormatException expected) {
                assertThat(expected.getMessage()).contains("junk.gguf");
            }
        }
        byte[] noise = new byte[4096];
        rnd.nextBytes(noise);
        Files.write(p, noise);
        assertThatThrownBy(() -> GgufFile.open(p)).isInstanceOf(GgufFormatException.class).hasMessageContaining("bad magic");
    }

    @Test
    void rejectsUnsupportedVersionsAndUnknownTensorTypes() throws IOException {
        byte[] b = Files.readAllBytes(sample(3));
        b[4] = 1;
        Path p = Files.write(dir.resolve("v1.gguf"), b);
        assertThatThrownBy(() -> GgufFile.open(p)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("unsupported GGUF version 1");
        Path odd = new GgufWriter().rawTensor("w", GgufTensorType.F32, new long[]{1}, new byte[4]).write(dir.resolve("odd.gguf"));
        byte[] ob = Files.readAllBytes(odd);
        // the tensor type id sits 12 bytes before the end of the header (type u32, offset u64)
        int typeAt = 24 + 8 + 1 + 4 + 8;
        ob[typeAt] = 99;
        Files.write(odd, ob);
        assertThatThrownBy(() -> GgufFile.open(odd)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("unsupported tensor type id 99").hasMessageContaining("'w'");
    }

    /** Shapes whose element count overflows a long, or that place a tensor past the end: a clear error, not an ArithmeticException. */
    @Test
    void rejectsImpossibleShapesAndOffsetsNamingTheTensor() throws IOException {
        Path p = new GgufWriter().rawTensor("w", GgufTensorType.F32, new long[]{1, 1, 1, 1}, new byte[4]).write(dir.resolve("huge.gguf"));
        byte[] b = Files.readAllBytes(p);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int dimsAt = 24 + 8 + 1 + 4; // header, name length, "w", n_dims
        for (int d = 0; d < 4; d++) bb.putLong(dimsAt + 8 * d, 1L << 20);
        Files.write(p, b);
        assertThatThrownBy(() -> GgufFile.open(p)).isInstanceOf(GgufFormatException.class).hasMessageContaining("'w'");

        Path far = new GgufWriter().rawTensor("w", GgufTensorType.F32, new long[]{1}, new byte[4]).write(dir.resolve("far.gguf"));
        byte[] fb = Files.readAllBytes(far);
        int offsetAt = 24 + 8 + 1 + 4 + 8 + 4; // ... dims, type
        java.nio.ByteBuffer.wrap(fb).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(offsetAt, Long.MAX_VALUE - 31);
        Files.write(far, fb);
        assertThatThrownBy(() -> GgufFile.open(far)).isInstanceOf(GgufFormatException.class).hasMessageContaining("'w'");
    }

    @Test
    void namesTheMissingKeyAndTheWrongType() {
        try (GgufFile f = GgufFile.open(sample(3))) {
            assertThatThrownBy(() -> f.metadata().string("llama.block_count")).isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("'llama.block_count' is missing");
            assertThatThrownBy(() -> f.metadata().integer("f32")).hasMessageContaining("'f32' is FLOAT32");
            assertThatThrownBy(() -> f.tensor("nope")).hasMessageContaining("tensor 'nope' is missing");
        }
    }

    @Test
    void rejectsAMissingFileClearly() {
        assertThatThrownBy(() -> GgufFile.open(dir.resolve("none.gguf"))).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("none.gguf");
    }
}
