package io.tiergate.store.progress;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressRenderersTest {

    static final long MIB = 1 << 20;
    final AtomicLong clock = new AtomicLong();
    final StringWriter out = new StringWriter();

    @Test
    void plainLinesComeEveryTenPercentAndEveryTwoSecondsWithSpeedAndEta() {
        PullProgress p = new PeriodicProgressLines(new PrintWriter(out), clock::get);
        p.start("model.gguf", 100 * MIB, 0);
        clock.set(1_000_000_000L);
        p.advance(5 * MIB);             // 5% after 1 s: no line yet
        clock.set(2_000_000_000L);
        p.advance(10 * MIB);            // 10%: a line
        clock.set(2_500_000_000L);
        p.advance(11 * MIB);            // 11%, 0.5 s later: no line
        clock.set(4_600_000_000L);
        p.advance(12 * MIB);            // 2.1 s since last line: a line
        p.finish("model.gguf");

        String[] lines = out.toString().split("\n");
        assertThat(lines).containsExactly(
                "pulling model.gguf (100.0 MiB)",
                "model.gguf 10% 10.0 MiB / 100.0 MiB 5.0 MiB/s ETA 18s",
                "model.gguf 12% 12.0 MiB / 100.0 MiB 2.6 MiB/s ETA 34s",
                "model.gguf done (100.0 MiB, verified)");
        assertThat(out.toString()).doesNotContain("\r");
    }

    @Test
    void plainLinesSayWhenADownloadResumes() {
        PullProgress p = new PeriodicProgressLines(new PrintWriter(out), clock::get);
        p.start("m.gguf", 10 * MIB, 4 * MIB);
        assertThat(out.toString()).isEqualTo("pulling m.gguf (10.0 MiB, resuming at 4.0 MiB)\n");
    }

    @Test
    void terminalBarRedrawsInPlaceWithSizeSpeedAndEta() {
        PullProgress p = new TerminalProgressBar(new PrintWriter(out), clock::get);
        p.start("m.gguf", 1024 * MIB, 0);
        clock.set(2_000_000_000L);
        p.advance(512 * MIB);
        String s = out.toString();
        assertThat(s).startsWith("\r\033[Km.gguf  [>").doesNotContain("\n");
        assertThat(s.substring(s.lastIndexOf('\r'))).isEqualTo(
                "\r\033[Km.gguf  [===============>              ]  50%  512.0 MiB / 1.0 GiB  256.0 MiB/s  ETA 2s");
        clock.set(2_010_000_000L);
        p.advance(513 * MIB); // 10 ms later: throttled, no redraw
        assertThat(out.toString()).isEqualTo(s);
        p.finish("m.gguf");
        assertThat(out.toString()).endsWith("100%  1.0 GiB / 1.0 GiB  509.5 MiB/s  ETA 0s\n");
    }

    @Test
    void choosesTheBarOnlyForAConsoleWithATerm() {
        PrintWriter w = new PrintWriter(out);
        assertThat(ProgressRenderers.choose(w, true, Map.of("TERM", "xterm-256color"))).isInstanceOf(TerminalProgressBar.class);
        assertThat(ProgressRenderers.choose(w, true, Map.of())).isInstanceOf(PeriodicProgressLines.class);
        assertThat(ProgressRenderers.choose(w, true, Map.of("TERM", "dumb"))).isInstanceOf(PeriodicProgressLines.class);
        assertThat(ProgressRenderers.choose(w, false, Map.of("TERM", "xterm"))).isInstanceOf(PeriodicProgressLines.class);
    }

    @Test
    void formatsUnits() {
        assertThat(ByteUnits.bytes(512)).isEqualTo("512 B");
        assertThat(ByteUnits.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteUnits.eta(java.time.Duration.ofSeconds(3725))).isEqualTo("1h02m");
        assertThat(ByteUnits.eta(java.time.Duration.ofSeconds(187))).isEqualTo("3m07s");
        assertThat(ByteUnits.eta(java.time.Duration.ofSeconds(-1))).isEqualTo("?");
    }
}
