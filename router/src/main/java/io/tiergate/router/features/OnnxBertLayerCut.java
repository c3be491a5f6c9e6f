package io.tiergate.router.features;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the first {@code layers} transformer layers of a BERT ONNX graph exported by Hugging Face Optimum
 * (node names {@code /encoder/layer.N/...}), so the graph's output {@code last_hidden_state} becomes the output
 * of layer {@code layers − 1}. Every layer costs the same (about a sixth of all-MiniLM-L6-v2's time), and what a
 * router needs from the embedding, the topic of a request, is already there in the lower layers.
 * <p>
 * Works on the protobuf wire format directly (no protobuf library on the class path): it rewrites only
 * {@code ModelProto.graph} (field 7) and in it drops the later layers' nodes (field 1), the initializers
 * (field 5) and value infos (field 13) only they used, and renames one node output; every other byte is copied.
 */
final class OnnxBertLayerCut {
    private static final Pattern LAYER = Pattern.compile("^/encoder/layer\\.(\\d+)/");
    private static final String OUTPUT = "last_hidden_state";

    private OnnxBertLayerCut() {}

    /** The model with only its first {@code layers} layers; {@code model} itself if it has no more than that. */
    static byte[] firstLayers(byte[] model, int layers) {
        if (layers < 1) throw new IllegalArgumentException("layers must be at least 1, was " + layers);
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length);
        boolean cut = false;
        for (Field f : Field.all(model, 0, model.length)) {
            if (f.number() == 7 && f.wireType() == 2) {
                byte[] graph = cutGraph(model, f, layers);
                cut = graph != null;
                writeLengthDelimited(out, 7, graph != null ? graph : f.payload(model));
            } else {
                out.write(model, f.start(), f.end() - f.start());
            }
        }
        return cut ? out.toByteArray() : model;
    }

    /** The rewritten GraphProto, or null when the graph has no more than {@code layers} layers. */
    private static byte[] cutGraph(byte[] model, Field graph, int layers) {
        List<Field> fields = Field.all(model, graph.payloadStart(), graph.end());
        String lastOutput = "/encoder/layer." + (layers - 1) + "/output/LayerNorm/Add_1_output_0";
        List<Node> kept = new ArrayList<>();
        boolean deeper = false;
        boolean found = false;
        for (Field f : fields) {
            if (f.number() != 1) continue;
            Node node = Node.parse(model, f);
            Matcher m = LAYER.matcher(node.name());
            boolean later = m.find() && Integer.parseInt(m.group(1)) >= layers;
            // The next layer's input quantization is named after the tensor it reads, inside the last kept layer.
            boolean feedsLater = node.inputs().contains(lastOutput) && !node.outputs().contains(lastOutput);
            deeper |= later;
            found |= node.outputs().contains(lastOutput);
            if (!later && !feedsLater) kept.add(node);
        }
        if (!deeper) return null;
        if (!found) throw new IllegalArgumentException("the graph has no tensor " + lastOutput + ": not a BERT export this class knows");
        Set<String> used = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (Node n : kept) {
            used.addAll(n.inputs());
            produced.addAll(n.outputs());
        }
        Field firstNode = firstNode(fields);
        ByteArrayOutputStream out = new ByteArrayOutputStream(graph.end() - graph.payloadStart());
        for (Field f : fields) {
            switch (f.number()) {
                case 1 -> { }
                case 5 -> { if (used.contains(stringField(model, f, 8))) copy(out, model, f); }
                case 13 -> { if (produced.contains(stringField(model, f, 1))) copy(out, model, f); }
                default -> copy(out, model, f);
            }
            if (f == firstNode) {
                for (Node n : kept) writeLengthDelimited(out, 1, n.renamed(model, lastOutput, OUTPUT));
            }
        }
        return out.toByteArray();
    }

    private static Field firstNode(List<Field> fields) {
        for (Field f : fields) if (f.number() == 1) return f;
        throw new IllegalArgumentException("the graph has no nodes");
    }

    /** The first string field {@code number} inside message field {@code f} (a name), or "". */
    private static String stringField(byte[] b, Field f, int number) {
        for (Field inner : Field.all(b, f.payloadStart(), f.end())) {
            if (inner.number() == number && inner.wireType() == 2) return inner.string(b);
        }
        return "";
    }

    private static void copy(ByteArrayOutputStream out, byte[] b, Field f) {
        out.write(b, f.start(), f.end() - f.start());
    }

    static void writeLengthDelimited(ByteArrayOutputStream out, int number, byte[] payload) {
        writeVarint(out, ((long) number << 3) | 2);
        writeVarint(out, payload.length);
        out.write(payload, 0, payload.length);
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** One NodeProto: its name (field 3), inputs (1) and outputs (2), and where it lies in the model. */
    private record Node(Field field, String name, List<String> inputs, List<String> outputs) {
        static Node parse(byte[] b, Field f) {
            String name = "";
            List<String> in = new ArrayList<>();
            List<String> out = new ArrayList<>();
            for (Field inner : Field.all(b, f.payloadStart(), f.end())) {
                if (inner.wireType() != 2) continue;
                switch (inner.number()) {
                    case 1 -> in.add(inner.string(b));
                    case 2 -> out.add(inner.string(b));
                    case 3 -> name = inner.string(b);
                    default -> { }
                }
            }
            return new Node(f, name, in, out);
        }

        /** The NodeProto bytes with output {@code from} renamed to {@code to}. */
        byte[] renamed(byte[] b, String from, String to) {
            if (!outputs.contains(from)) return field.payload(b);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Field inner : Field.all(b, field.payloadStart(), field.end())) {
                if (inner.number() == 2 && inner.wireType() == 2 && inner.string(b).equals(from)) {
                    writeLengthDelimited(out, 2, to.getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(b, inner.start(), inner.end() - inner.start());
                }
            }
            return out.toByteArray();
        }
    }

    /** One protobuf field: bytes [start, end), payload from payloadStart (length-delimited fields). */
    record Field(int number, int wireType, int start, int payloadStart, int end) {
        static List<Field> all(byte[] b, int from, int to) {
            List<Field> fields = new ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                int start = at[0];
                long key = varint(b, at);
                int wire = (int) (key & 7);
                int payload = at[0];
                int end = switch (wire) {
                    case 0 -> { varint(b, at); yield at[0]; }
                    case 1 -> at[0] + 8;
                    // A negative or over-long length is the truncation check's to report, not an index error's.
                    case 2 -> { long len = varint(b, at); payload = at[0]; yield len < 0 || len > to - at[0] ? Integer.MAX_VALUE : (int) (at[0] + len); }
                    case 5 -> at[0] + 4;
                    default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire + " at byte " + start);
                };
                if (end > to) throw new IllegalArgumentException("truncated protobuf field at byte " + start);
                at[0] = end;
                fields.add(new Field((int) (key >>> 3), wire, start, payload, end));
            }
            return fields;
        }

        byte[] payload(byte[] b) {
            byte[] p = new byte[end - payloadStart];
            System.arraycopy(b, payloadStart, p, 0, p.length);
            return p;
        }

        String string(byte[] b) {
            return new String(b, payloadStart, end - payloadStart, StandardCharsets.UTF_8);
        }

        private static long varint(byte[] b, int[] at) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at[0] >= b.length) throw new IllegalArgumentException("truncated protobuf varint at byte " + at[0]);
                byte x = b[at[0]++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) return v;
            }
            throw new IllegalArgumentException("malformed varint at byte " + at[0]);
        }
    }
}
