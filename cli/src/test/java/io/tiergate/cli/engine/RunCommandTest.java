package io.tiergate.cli.engine;

import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new RunCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void streamsAReplyFromAModelFile() {
        Path model = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("qwen2"), GgufTensorType.Q8_0, 1);
        Result r = run(model.toString(), "Hello", "--max-tokens", "8", "--temperature", "0", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("generated tokens").contains("finish:");
        Result again = run(model.toString(), "Hello", "--max-tokens", "8", "--temperature", "0", "--threads", "1");
        assertThat(again.out()).isEqualTo(r.out());
    }

    @Test
    void explainsACorruptFileWithoutAStackTrace() throws Exception {
        Path bad = Files.write(dir.resolve("bad.gguf"), "GGUF but not really".getBytes());
        Result r = run(bad.toString(), "Hello");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("bad.gguf").doesNotContain("Exception");
    }
}
