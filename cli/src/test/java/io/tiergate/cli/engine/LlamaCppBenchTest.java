package io.tiergate.cli.engine;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the forked llama.cpp child's output: llama.cpp's own timing lines as b4916's server logs them,
 * between the child's markers (READY after the warm-up, RAN after each run, DONE).
 */
class LlamaCppBenchTest {

    private static final String RUN_1 = """
            slot print_timing: id  0 | task 0 |\s
            prompt eval time =    2000.00 ms /   256 tokens (    7.81 ms per token,   128.00 tokens per second)
                   eval time =    2000.00 ms /    64 tokens (   31.25 ms per token,    32.00 tokens per second)
                  total time =    4000.00 ms /   320 tokens
            RAN
            """;
    private static final String RUN_2 = """
            prompt eval time =    1000.00 ms /   256 tokens (    3.91 ms per token,   256.00 tokens per second)
                   eval time =    1600.00 ms /    64 tokens (   25.00 ms per token,    40.00 tokens per second)
            RAN
            """;
    private static final String RUN_3 = """
            prompt eval time =    4000.00 ms /   256 tokens (   15.63 ms per token,    64.00 tokens per second)
                   eval time =    4000.00 ms /    64 tokens (   62.50 ms per token,    16.00 tokens per second)
            RAN
            """;
    /** The untimed warm-up's lines, before READY: faster than every timed run, so counting them would move the median. */
    private static final String WARM_UP = """
            prompt eval time =     500.00 ms /   256 tokens (    1.95 ms per token,   512.00 tokens per second)
                   eval time =     500.00 ms /    64 tokens (    7.81 ms per token,   128.00 tokens per second)
            READY
            """;

    private static Optional<LlamaCppBench.Result> read(String output, int repetitions, StringBuilder problem) throws IOException {
        return LlamaCppBench.read(new BufferedReader(new StringReader(output)), repetitions, problem);
    }

    @Test
    void takesTheMedianOfEachRunsOwnTimingsAndTheChildsResidentMemory() throws IOException {
        StringBuilder problem = new StringBuilder();
        var result = read(WARM_UP + RUN_1 + RUN_2 + RUN_3 + "RSS 700000000 500000000 200000000 900000000\nDONE\n", 3, problem).orElseThrow();
        assertThat(result.promptTokens()).isEqualTo(256);
        assertThat(result.genTokens()).isEqualTo(64);
        assertThat(result.promptTokensPerSecond()).isEqualTo(128.0);
        assertThat(result.genTokensPerSecond()).isEqualTo(32.0);
        assertThat(result.resident()).isEqualTo(new TiergateEngineBench.Resident(700_000_000L, 500_000_000L, 200_000_000L, 900_000_000L));
        assertThat(problem).isEmpty();
    }

    @Test
    void theWarmUpsTimingsBeforeReadyAreNotCounted() throws IOException {
        StringBuilder problem = new StringBuilder();
        var result = read(WARM_UP + RUN_1 + "DONE\n", 1, problem).orElseThrow();
        assertThat(result.promptTokensPerSecond()).isEqualTo(128.0);
        assertThat(result.genTokensPerSecond()).isEqualTo(32.0);
        assertThat(read(WARM_UP + "DONE\n", 1, new StringBuilder())).isEmpty(); // the warm-up alone is no run
    }

    @Test
    void theResidentLineTheChildPrintsIsTheOneTheParentReadsAndAMalformedOneIsIgnored() throws IOException {
        var sent = new TiergateEngineBench.Resident(534_600_000L, 424_300_000L, 110_300_000L, 534_600_000L);
        assertThat(read(WARM_UP + RUN_1 + sent.line() + "\nDONE\n", 1, new StringBuilder()).orElseThrow().resident()).isEqualTo(sent);
        assertThat(read(WARM_UP + RUN_1 + "RSS 1 2 three 4\nDONE\n", 1, new StringBuilder()).orElseThrow().resident())
                .isEqualTo(TiergateEngineBench.Resident.UNKNOWN);
    }

    @Test
    void failsWhenFewerRunsPrintedTimingsThanWereAsked() throws IOException {
        StringBuilder problem = new StringBuilder();
        assertThat(read(WARM_UP + RUN_1 + RUN_2 + "DONE\n", 3, problem)).isEmpty();
        assertThat(problem.toString()).isEqualTo("llama.cpp printed timings for 2 of 3 runs");
    }

    @Test
    void passesOnTheChildsErrorAndNamesAChildThatDiedWithoutAnswering() throws IOException {
        StringBuilder error = new StringBuilder();
        assertThat(read("ERROR java.lang.IllegalStateException: could not load model\n", 1, error)).isEmpty();
        assertThat(error.toString()).isEqualTo("java.lang.IllegalStateException: could not load model");

        StringBuilder crash = new StringBuilder();
        assertThat(read(WARM_UP + RUN_1, 1, crash)).isEmpty();
        assertThat(crash.toString()).isEqualTo("llama.cpp exited without results (crashed?)");
    }
}
