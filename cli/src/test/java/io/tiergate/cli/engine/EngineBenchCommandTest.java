package io.tiergate.cli.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsOneJsonObjectWithTheEnginesRates() throws Exception {
        Path model = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 1);
        StringWriter out = new StringWriter();
        int code = new CommandLine(new EngineBenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("--model", model.toString(), "--threads", "1", "--prompt-tokens", "16", "--gen-tokens", "4", "--concurrent", "2",
                        "--repetitions", "2", "--no-llama-cpp", "--json");
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("prompt_tokens").asInt()).isEqualTo(16);
        assertThat(json.get("repetitions").asInt()).isEqualTo(2);
        assertThat(json.get("tiergate").get("prompt_tok_s").asDouble()).isPositive();
        assertThat(json.get("tiergate").get("gen_tok_s").asDouble()).isPositive();
        assertThat(json.get("tiergate").get("concurrent_gen_tok_s").asDouble()).isPositive();
        assertThat(json.get("llama_cpp_error").asText()).isEqualTo("skipped");
        // the KV cache of the last run's sequences is still held when the live heap is read
        JsonNode ours = json.get("tiergate");
        assertThat(ours.get("kv_bytes").asLong()).isPositive();
        assertThat(ours.get("kv_sequences").asInt()).isEqualTo(3); // the last run's one alone and 2 batched
        assertThat(ours.get("java_heap_live_bytes").asLong()).isGreaterThan(ours.get("kv_bytes").asLong());
        assertThat(ours.get("rss_file_bytes").asLong() + ours.get("rss_anon_bytes").asLong())
                .isPositive().isLessThanOrEqualTo(ours.get("rss_bytes").asLong());
        assertThat(ours.get("rss_peak_bytes").asLong()).isGreaterThanOrEqualTo(ours.get("rss_bytes").asLong());
    }

    /**
     * Both engines on one file, taking turns in a real llama.cpp child (forked JVM, b4916): the child
     * answers each run with llama.cpp's own timings for the asked token counts and is ended afterwards.
     */
    @Test
    void llamaCppsChildTakesTurnsWithTheEngineAndReportsEveryRun() throws Exception {
        Path model = SyntheticModelWriter.write(dir.resolve("tiny.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 1);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = new CommandLine(new EngineBenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--model", model.toString(), "--threads", "1", "--prompt-tokens", "16", "--gen-tokens", "4", "--concurrent", "2",
                        "--repetitions", "2", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.has("llama_cpp_error")).as(out.toString()).isFalse();
        JsonNode llama = json.get("llama_cpp");
        assertThat(llama.get("prompt_tokens").asInt()).isEqualTo(16);
        assertThat(llama.get("gen_tokens").asInt()).isEqualTo(4);
        assertThat(llama.get("prompt_tok_s").asDouble()).isPositive();
        assertThat(llama.get("gen_tok_s").asDouble()).isPositive();
        assertThat(llama.get("rss_bytes").asLong()).isPositive(); // read by the child with its model loaded
        assertThat(json.get("tiergate").get("gen_tok_s").asDouble()).isPositive();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty(); // the child was ended
    }

    @Test
    void residentMemoryIsReadWithItsFileBackedAndAnonymousParts() {
        var r = TiergateEngineBench.resident(List.of("Name:\tjava", "VmRSS:\t  725068 kB", "RssAnon:\t  312272 kB",
                "RssFile:\t  412796 kB", "RssShmem:\t       0 kB", "VmHWM:\t  1650000 kB"));
        assertThat(r.totalBytes()).isEqualTo(725068L * 1024);
        assertThat(r.anonymousBytes()).isEqualTo(312272L * 1024);
        assertThat(r.fileBackedBytes()).isEqualTo(412796L * 1024);
        assertThat(r.peakBytes()).isEqualTo(1650000L * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--threads", "--prompt-tokens", "--gen-tokens", "--concurrent", "--repetitions"})
    void refusesANonPositiveCountForEveryCountOption(String option) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new EngineBenchCommand()).setErr(new PrintWriter(err))
                .execute("--model", "x.gguf", option, "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(option + " must be positive, got 0");
    }

    @Test
    void medianIsTheMiddleRunOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(TiergateEngineBench.median(new double[]{30, 10, 20})).isEqualTo(20);
        assertThat(TiergateEngineBench.median(new double[]{40, 10, 30, 20})).isEqualTo(25);
        assertThat(TiergateEngineBench.median(new double[]{7})).isEqualTo(7);
    }
}
