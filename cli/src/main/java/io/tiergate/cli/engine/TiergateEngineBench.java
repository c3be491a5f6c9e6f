package io.tiergate.cli.engine;

import io.tiergate.engine.model.Model;
import io.tiergate.engine.model.Segment;
import io.tiergate.engine.model.Session;
import io.tiergate.engine.sample.TokenSampler;
import io.tiergate.engine.tokenizer.Tokenizer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Measures the in-process engine on one file, one run at a time (so {@code bench engine} can interleave
 * llama.cpp's runs): prompt processing (one batched pass over the prompt), greedy generation token by
 * token, and aggregate generation of several sequences batched together.
 */
final class TiergateEngineBench implements AutoCloseable {

    /**
     * Tokens per second (each the median over {@code repetitions} runs); resident memory after the runs
     * with the model still loaded, the Java heap's live data after a collection, the file's size and
     * the KV caches of the last run's {@code kvSequences} sequences (one alone and the batched ones), in bytes.
     */
    record Result(int promptTokens, double promptTokensPerSecond, int genTokens, double genTokensPerSecond,
                  int concurrent, double concurrentGenTokensPerSecond, int repetitions,
                  Resident resident, long liveHeapBytes, long fileBytes, long kvBytes, int kvSequences) {}

    /**
     * VmRSS and its two parts from /proc/self/status: file-backed pages (the mapped model file, the JVM's
     * libraries) and anonymous ones (the Java heap, JVM code and thread stacks); and VmHWM, the most the
     * process has held; all 0 without /proc.
     */
    record Resident(long totalBytes, long fileBackedBytes, long anonymousBytes, long peakBytes) {
        static final Resident UNKNOWN = new Resident(0, 0, 0, 0);

        /** The line llama.cpp's child prints for the parent: {@code RSS total file anon peak}, bytes. */
        String line() {
            return "RSS " + totalBytes + " " + fileBackedBytes + " " + anonymousBytes + " " + peakBytes;
        }

        /** A {@link #line()}, or empty when {@code line} is not one. */
        static Optional<Resident> ofLine(String line) {
            String[] f = line.split(" ");
            if (f.length != 5 || !f[0].equals("RSS")) return Optional.empty();
            try {
                return Optional.of(new Resident(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** The fields {@code bench engine --json} gives both engines. */
        Map<String, Object> json() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rss_bytes", totalBytes);
            o.put("rss_file_bytes", fileBackedBytes);
            o.put("rss_anon_bytes", anonymousBytes);
            o.put("rss_peak_bytes", peakBytes);
            return o;
        }
    }

    private final Model model;
    private final int[] prompt;
    private final int ctx, genTokens, concurrent;
    private final List<Double> pp = new ArrayList<>(), tg = new ArrayList<>(), agg = new ArrayList<>();
    /** The last run's sequences, held to the memory reading as a server holds live sequences. */
    private final List<Session> lastRun = new ArrayList<>();

    private TiergateEngineBench(Model model, int promptTokens, int genTokens, int concurrent) {
        this.model = model;
        this.prompt = promptIds(Tokenizer.fromGguf(model.metadata()), promptTokens);
        this.ctx = promptTokens + genTokens + 8;
        this.genTokens = genTokens;
        this.concurrent = concurrent;
    }

    /** Loads the model and warms the JIT with a whole run of the same shape, so the timed runs use compiled kernels. */
    static TiergateEngineBench open(Path file, int threads, int promptTokens, int genTokens, int concurrent) {
        Model model = Model.load(file, threads);
        try {
            TiergateEngineBench bench = new TiergateEngineBench(model, promptTokens, genTokens, concurrent);
            warmUp(model, bench.prompt, bench.ctx, genTokens, concurrent);
            return bench;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * One timed run: the prompt in one batched pass, greedy generation token by token, then (with
     * {@code concurrent} above 1) that many sequences generating together.
     */
    void runOnce() {
        lastRun.clear();
        Session s = model.newSession(ctx);
        lastRun.add(s);
        long t0 = System.nanoTime();
        float[] logits = null;
        for (int off = 0; off < prompt.length; off += 512) {
            logits = model.forward(s, Arrays.copyOfRange(prompt, off, Math.min(prompt.length, off + 512)));
        }
        pp.add(prompt.length / seconds(t0));
        long t1 = System.nanoTime();
        for (int i = 0; i < genTokens; i++) logits = model.forward(s, new int[]{TokenSampler.argmax(logits)});
        tg.add(genTokens / seconds(t1));
        if (concurrent > 1) {
            List<Session> sessions = new ArrayList<>();
            List<Segment> first = new ArrayList<>();
            for (int c = 0; c < concurrent; c++) {
                Session cs = model.newSession(ctx);
                sessions.add(cs);
                lastRun.add(cs);
                first.add(new Segment(cs, Arrays.copyOfRange(prompt, c, c + Math.min(32, prompt.length - c))));
            }
            float[][] all = model.forward(first);
            long t2 = System.nanoTime();
            for (int i = 0; i < genTokens; i++) {
                List<Segment> step = new ArrayList<>();
                for (int c = 0; c < concurrent; c++) step.add(new Segment(sessions.get(c), new int[]{TokenSampler.argmax(all[c])}));
                all = model.forward(step);
            }
            agg.add((double) concurrent * genTokens / seconds(t2));
        } else {
            agg.add(0.0);
        }
    }

    /**
     * The medians of the runs so far (on a machine shared with other work one run of a few seconds moves
     * by tens of percent), with the memory read while the model and the last run's sequences are held.
     */
    Result result() {
        long kvBytes = lastRun.stream().mapToLong(Session::cacheBytes).sum();
        // After a full collection, as a server between requests: the runs leave the KV caches of
        // earlier sequences in the old generation until one (the peak shows the most it held).
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Resident resident = resident();
        return new Result(prompt.length, median(pp), genTokens, median(tg), concurrent, median(agg), pp.size(), resident,
                live, model.fileBytes(), kvBytes, lastRun.size());
    }

    @Override
    public void close() {
        lastRun.clear();
        model.close();
    }

    /**
     * A warm-up run. A method of its own: its sessions are garbage when it returns, not held by a frame
     * until the memory reading (they were: twice the KV caches in the live heap).
     */
    private static void warmUp(Model model, int[] prompt, int ctx, int genTokens, int concurrent) {
        Session warm = model.newSession(ctx);
        float[] wl = model.forward(warm, prompt);
        for (int i = 0; i < Math.min(genTokens, 32); i++) wl = model.forward(warm, new int[]{TokenSampler.argmax(wl)});
        List<Segment> warmBatch = new ArrayList<>();
        for (int c = 0; c < concurrent; c++) warmBatch.add(new Segment(model.newSession(ctx), new int[]{prompt[c % prompt.length]}));
        model.forward(warmBatch);
    }

    static int[] promptIds(Tokenizer tok, int n) {
        StringBuilder sb = new StringBuilder();
        int[] ids = new int[0];
        while (ids.length < n) {
            sb.append(BenchPrompt.SENTENCE);
            ids = tok.encode(sb.toString(), false, false);
        }
        return Arrays.copyOf(ids, n);
    }

    private static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of {@code v}: the middle value, or the mean of the two middle ones. */
    static double median(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static Resident resident() {
        try {
            return resident(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (Exception e) {
            return Resident.UNKNOWN;
        }
    }

    /** The resident sizes in the lines of a /proc/PID/status file (given in kB there). */
    static Resident resident(List<String> status) {
        long total = 0, file = 0, anon = 0, peak = 0;
        for (String line : status) {
            if (line.startsWith("VmRSS:")) total = kiloBytes(line);
            else if (line.startsWith("VmHWM:")) peak = kiloBytes(line);
            else if (line.startsWith("RssFile:")) file = kiloBytes(line);
            else if (line.startsWith("RssAnon:")) anon = kiloBytes(line);
        }
        return new Resident(total, file, anon, peak);
    }

    private static long kiloBytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
