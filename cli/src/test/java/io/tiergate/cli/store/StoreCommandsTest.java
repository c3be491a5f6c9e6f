package io.tiergate.cli.store;

import io.tiergate.cli.Main;
import io.tiergate.testkit.hub.FakeHuggingFaceHub;
import io.tiergate.testkit.hub.MinimalGguf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StoreCommandsTest {

    @TempDir Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void importModelsShowAndRemove() throws Exception {
        Path file = dir.resolve("Tiny-Q8_0.gguf");
        Files.write(file, MinimalGguf.model("qwen3", 7, 32768, "{{ messages }}", 2_500_000));
        String home = dir.resolve("home").toString();

        assertThat(run("import", file.toString(), "--name", "tiny", "--home", home)).isZero();
        assertThat(out.toString()).isEqualTo("imported tiny: qwen3 3M Q8_0 from " + file + "\n");

        assertThat(run("models", "--home", home)).isZero();
        assertThat(out.toString().lines().toList()).hasSize(2);
        assertThat(out.toString().lines().toList().get(1)).matches("tiny\\s+qwen3\\s+3M\\s+Q8_0\\s+9\\.5 MiB\\s+32768");

        assertThat(run("show", "tiny", "--home", home)).isZero();
        assertThat(out.toString()).contains("architecture:   qwen3", "parameters:     3M (2500000)",
                "context length: 32768 tokens", "chat template:\n{{ messages }}");

        assertThat(run("rm", "tiny", "--home", home)).isZero();
        assertThat(out.toString()).isEqualTo("removed tiny\n");
        assertThat(run("models", "--home", home)).isZero();
        assertThat(out.toString()).startsWith("no models in ");
    }

    @Test
    void pullPrintsProgressLinesAndTheResult() {
        try (FakeHuggingFaceHub hub = FakeHuggingFaceHub.start()) {
            hub.addFile("ggml-org/gemma-3-1b-it-GGUF", "gemma-3-1b-it-Q4_K_M.gguf", MinimalGguf.model("gemma3", 15, 32768, "t", 1000));
            int code = run("pull", "gemma3:1b", "--home", dir.toString(), "--hf-endpoint", hub.endpoint().toString());
            assertThat(err.toString()).isEmpty();
            assertThat(code).isZero();
            assertThat(out.toString()).contains("pulling gemma-3-1b-it-Q4_K_M.gguf", "verified")
                    .contains("pulled gemma3:1b: gemma3 1K Q4_K_M");
        }
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() {
        assertThat(run("pull", "org/repo/weights.bin", "--home", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("tiergate pull: 'org/repo/weights.bin': the file must be a .gguf file (got 'weights.bin')\n");

        assertThat(run("show", "nothing", "--home", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("tiergate show: model 'nothing' is not in the store").contains("stored models: none");

        assertThat(run("pull", "qwen3:0.6b", "--home", dir.toString(), "--hf-endpoint", "http://127.0.0.1:9")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("tiergate pull: offline: could not reach http://127.0.0.1:9 (connection refused)\n");
    }

    // import: a copy by default, a hard link only with --link, which the help explains

    Path onlyBlob() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("home/models/blobs"))) {
            return s.toList().getFirst();
        }
    }

    @Test
    void copiesByDefaultAndLinksOnlyWhenAsked() throws Exception {
        Path file = Files.write(dir.resolve("tiny.gguf"), MinimalGguf.model("qwen3", 7, 4096, "t", 1000));
        String home = dir.resolve("home").toString();

        assertThat(run("import", file.toString(), "--home", home)).isZero();
        assertThat(out.toString()).isEqualTo("imported tiny: qwen3 1K Q8_0 from " + file + "\n");
        assertThat(Files.isSameFile(onlyBlob(), file)).isFalse();

        assertThat(run("rm", "tiny", "--home", home)).isZero();
        assertThat(run("import", file.toString(), "--link", "--home", home)).isZero();
        assertThat(out.toString()).endsWith(" (hard-linked: do not rewrite the file in place)\n");
        assertThat(Files.isSameFile(onlyBlob(), file)).isTrue();
    }

    @Test
    void linkingAFileWhoseBytesAreAlreadyStoredSaysItKeptTheCopy() throws Exception {
        Path file = Files.write(dir.resolve("tiny.gguf"), MinimalGguf.model("qwen3", 7, 4096, "t", 1000));
        String home = dir.resolve("home").toString();
        assertThat(run("import", file.toString(), "--home", home)).isZero();

        assertThat(run("import", file.toString(), "--name", "again", "--link", "--home", home)).isZero();
        assertThat(out.toString()).endsWith(" (already stored as a copy: not linked)\n");
    }

    @Test
    void helpSaysWhatLinkingRisks() {
        assertThat(run("import", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("The file is copied", "--link", "rewriting it in place", "corrupts the stored model");
    }

    @Test
    void aFileThatIsNotGgufIsABadInputNotAStackTrace() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");
        assertThat(run("import", text.toString(), "--link", "--home", dir.resolve("home").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("tiergate import: ").contains("is not a usable GGUF file").doesNotContain("Exception");
    }
}
