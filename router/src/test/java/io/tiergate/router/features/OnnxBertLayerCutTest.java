package io.tiergate.router.features;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graphs the layer cut must refuse with a clear message rather than cut wrongly or fail with an index error. */
class OnnxBertLayerCutTest {

    @Test
    void aGraphWithDeeperLayersButNotTheExpectedTensorIsNotABertExportItKnows() {
        byte[] model = model(node("/encoder/layer.5/attention/MatMul", "/encoder/layer.5/attention/MatMul_output_0"));
        assertThatThrownBy(() -> OnnxBertLayerCut.firstLayers(model, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/encoder/layer.2/output/LayerNorm/Add_1_output_0").hasMessageContaining("not a BERT export");
    }

    @Test
    void aGraphWithNoLayerBeyondTheCutIsReturnedUnchanged() {
        byte[] model = model(node("/encoder/layer.1/attention/MatMul", "y"));
        assertThat(OnnxBertLayerCut.firstLayers(model, 3)).isSameAs(model);
        byte[] noGraph = {0x08, 0x07}; // ModelProto.ir_version = 7 and nothing else
        assertThat(OnnxBertLayerCut.firstLayers(noGraph, 3)).isSameAs(noGraph);
    }

    @Test
    void truncatedOrNegativeLengthsAreReportedAsTruncation() {
        byte[] cutVarint = {0x3a, (byte) 0xff};
        assertThatThrownBy(() -> OnnxBertLayerCut.firstLayers(cutVarint, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] negativeLength = {0x3a, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01, 0x00};
        assertThatThrownBy(() -> OnnxBertLayerCut.firstLayers(negativeLength, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] groupWireType = {0x3b};
        assertThatThrownBy(() -> OnnxBertLayerCut.firstLayers(groupWireType, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wire type 3");
    }

    /** NodeProto with output (field 2) and name (field 3). */
    private static byte[] node(String name, String output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxBertLayerCut.writeLengthDelimited(out, 2, output.getBytes(StandardCharsets.UTF_8));
        OnnxBertLayerCut.writeLengthDelimited(out, 3, name.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** ModelProto whose graph (field 7) holds the one node (GraphProto field 1). */
    private static byte[] model(byte[] node) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        OnnxBertLayerCut.writeLengthDelimited(graph, 1, node);
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        OnnxBertLayerCut.writeLengthDelimited(model, 7, graph.toByteArray());
        return model.toByteArray();
    }
}
