package io.tiergate.store.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Plain progress lines for logs and pipes (no carriage returns): one line when a file starts, then one
 * every {@value #INTERVAL_SECONDS} s or every 10% (whichever comes first), and one when it finishes.
 */
public final class PeriodicProgressLines implements PullProgress {

    static final long INTERVAL_SECONDS = 2;

    private final PrintWriter out;
    private final TransferMeter meter;
    private final LongSupplier nanoTime;
    private long lastLineNanos;
    private int lastTenth;

    public PeriodicProgressLines(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.meter = new TransferMeter(nanoTime);
    }

    @Override
    public void start(String file, long totalBytes, long resumedBytes) {
        meter.start(file, totalBytes, resumedBytes);
        lastLineNanos = nanoTime.getAsLong();
        lastTenth = meter.percent() / 10;
        String resume = resumedBytes > 0 ? ", resuming at " + ByteUnits.bytes(resumedBytes) : "";
        line("pulling " + file + " (" + ByteUnits.bytes(totalBytes) + resume + ")");
    }

    @Override
    public void advance(long doneBytes) {
        meter.advance(doneBytes);
        long now = nanoTime.getAsLong();
        int tenth = meter.percent() / 10;
        if (now - lastLineNanos >= INTERVAL_SECONDS * 1_000_000_000L || tenth > lastTenth) {
            lastLineNanos = now;
            lastTenth = tenth;
            line(String.format("%s %d%% %s / %s %s ETA %s", meter.file(), meter.percent(), ByteUnits.bytes(meter.done()),
                    ByteUnits.bytes(meter.total()), ByteUnits.rate(meter.speed()), ByteUnits.eta(meter.eta())));
        }
    }

    @Override
    public void finish(String file) {
        line(file + " done (" + ByteUnits.bytes(meter.total()) + ", verified)");
    }

    @Override
    public void note(String message) {
        line(message);
    }

    private void line(String s) {
        out.println(s);
        out.flush();
    }
}
