package io.tiergate.store.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place with carriage returns, for terminals:
 * {@code Qwen3-0.6B-Q8_0.gguf  [=========>          ]  45%  289.0 MiB / 639.0 MiB  24.1 MiB/s  ETA 15s}.
 * Redraws at most every 100 ms so fast downloads do not flood the terminal.
 */
public final class TerminalProgressBar implements PullProgress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final TransferMeter meter;
    private final LongSupplier nanoTime;
    private long lastDraw;

    public TerminalProgressBar(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.meter = new TransferMeter(nanoTime);
    }

    @Override
    public void start(String file, long totalBytes, long resumedBytes) {
        meter.start(file, totalBytes, resumedBytes);
        lastDraw = Long.MIN_VALUE;
        draw();
    }

    @Override
    public void advance(long doneBytes) {
        meter.advance(doneBytes);
        if (nanoTime.getAsLong() - lastDraw >= REDRAW_NANOS) draw();
    }

    @Override
    public void finish(String file) {
        meter.advance(meter.total());
        draw();
        out.print('\n');
        out.flush();
    }

    @Override
    public void note(String message) {
        out.print("\r\033[K" + message + "\n");
        out.flush();
    }

    private void draw() {
        lastDraw = nanoTime.getAsLong();
        int filled = meter.percent() * WIDTH / 100;
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        out.print(String.format("\r\033[K%s  [%s] %3d%%  %s / %s  %s  ETA %s", meter.file(), bar, meter.percent(),
                ByteUnits.bytes(meter.done()), ByteUnits.bytes(meter.total()), ByteUnits.rate(meter.speed()),
                ByteUnits.eta(meter.eta())));
        out.flush();
    }
}
