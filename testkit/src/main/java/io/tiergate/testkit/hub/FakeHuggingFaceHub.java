package io.tiergate.testkit.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local Hugging Face Hub on 127.0.0.1 (two real HTTP servers on port 0: the Hub and its "CDN"):
 * <ul>
 *   <li>{@code GET /api/models/{org}/{repo}[/revision/{rev}]}: model info with {@code sha} and {@code siblings}</li>
 *   <li>{@code GET /api/models/{org}/{repo}/tree/{rev}?recursive=true}: files with size, and {@code lfs.oid} (SHA-256)
 *       for {@code .gguf} files</li>
 *   <li>{@code GET|HEAD /{org}/{repo}/resolve/{rev}/{path}}: 302 to the CDN for LFS files, with
 *       {@code X-Repo-Commit}, {@code X-Linked-Etag}, {@code X-Linked-Size}; small files served directly</li>
 *   <li>CDN {@code GET /lfs/{sha256}}: the bytes, with {@code Range} → 206 and {@code Content-Range}, and an ETag</li>
 * </ul>
 * Controls for tests: gate a repo behind a token, cut a download after N bytes (once), hold one mid-way
 * until the test releases it, serve wrong bytes, slow the CDN down, and inspect every request received.
 */
public final class FakeHuggingFaceHub implements AutoCloseable {

    /** One request as received: which server ("hub" or "cdn"), method, path with query, and headers. */
    public record Request(String server, String method, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), "");
        }
    }

    record StoredFile(String path, byte[] bytes, String sha256, boolean lfs) {}

    /**
     * A CDN download held mid-way ({@link #holdOnceAfter}): once it has sent {@code afterBytes} bytes (and
     * flushed them) it waits, connection open, until {@link #release()} or until the hub is closed.
     */
    public static final class Hold {
        private final long afterBytes;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Hold(long afterBytes) {
            this.afterBytes = afterBytes;
        }

        /** Waits until the download has sent its bytes and is held; false when {@code timeout} passed first. */
        public boolean awaitHeld(Duration timeout) throws InterruptedException {
            return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Lets the download send the rest. */
        public void release() {
            released.countDown();
        }
    }

    /** Wraps a CDN response body: after the hold's byte count, signals and waits for the release. */
    private static final class HoldingBody extends FilterOutputStream {
        private final Hold hold;
        private long sent;

        HoldingBody(OutputStream out, Hold hold) {
            super(out);
            this.hold = hold;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (hold.reached.getCount() > 0 && sent + len > hold.afterBytes) {
                int before = (int) Math.max(0, hold.afterBytes - sent);
                out.write(b, off, before);
                out.flush();
                sent += before;
                off += before;
                len -= before;
                hold.reached.countDown();
                try {
                    hold.released.await(5, TimeUnit.MINUTES); // ended early by release() or close()
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("fake Hub CDN: closed while a download was held", e);
                }
            }
            out.write(b, off, len);
            sent += len;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, StoredFile>> repos = new ConcurrentHashMap<>();
    private final Map<String, String> gatedTokens = new ConcurrentHashMap<>();
    private final Map<String, Long> interruptAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> stallAfter = new ConcurrentHashMap<>();
    private final Map<String, Boolean> corrupt = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final List<Hold> everyHold = new CopyOnWriteArrayList<>(); // released on close, taken or not
    /** repo + "/" + path → the LFS oid and size the listing reports instead of the true ones. */
    private final Map<String, Map.Entry<String, Long>> misreported = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Duration cdnDelayPerChunk = Duration.ZERO;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer hub;
    private final HttpServer cdn;

    private FakeHuggingFaceHub() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        hub = HttpServer.create(loopback, 0);
        cdn = HttpServer.create(loopback, 0);
        hub.createContext("/", ex -> handle(ex, "hub"));
        cdn.createContext("/", ex -> handle(ex, "cdn"));
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.start();
        cdn.start();
    }

    public static FakeHuggingFaceHub start() {
        try {
            return new FakeHuggingFaceHub();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Hub on 127.0.0.1", e);
        }
    }

    /** The value for {@code HF_ENDPOINT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    public URI cdnEndpoint() {
        return URI.create("http://127.0.0.1:" + cdn.getAddress().getPort());
    }

    /** Adds (or replaces) a file; {@code .gguf} files are stored as LFS objects with their SHA-256 as oid. */
    public FakeHuggingFaceHub addFile(String repo, String path, byte[] bytes) {
        repos.computeIfAbsent(repo, k -> new ConcurrentHashMap<>())
                .put(path, new StoredFile(path, bytes.clone(), sha256(bytes), path.endsWith(".gguf")));
        return this;
    }

    /** The commit id every revision of {@code repo} resolves to (40 hex digits, stable per repo). */
    public String commitOf(String repo) {
        return sha256(repo.getBytes()).substring(0, 40);
    }

    /** Requests for the repo (API and resolve) need {@code Authorization: Bearer token}: 401 without, 403 when wrong. */
    public FakeHuggingFaceHub gate(String repo, String token) {
        gatedTokens.put(repo, token);
        return this;
    }

    /** The next CDN download of this file (from byte 0 or resumed) is cut off after {@code bytes} bytes, once. */
    public FakeHuggingFaceHub interruptOnceAfter(String repo, String path, long bytes) {
        interruptAfter.put(sha(repo, path), bytes);
        return this;
    }

    /**
     * The next CDN download of this file sends {@code bytes} bytes and then nothing, holding the
     * connection open (until the hub is closed), once.
     */
    public FakeHuggingFaceHub stallOnceAfter(String repo, String path, long bytes) {
        stallAfter.put(sha(repo, path), bytes);
        return this;
    }

    /**
     * The next CDN download of this file sends {@code bytes} bytes, then is held until the returned
     * {@link Hold} is released (so a test can act while a pull is mid-download), once.
     */
    public Hold holdOnceAfter(String repo, String path, long bytes) {
        Hold h = new Hold(bytes);
        holds.put(sha(repo, path), h);
        everyHold.add(h);
        return h;
    }

    /** The CDN serves this file with one byte changed (the listing keeps the true SHA-256). */
    public FakeHuggingFaceHub serveWrongBytes(String repo, String path) {
        corrupt.put(sha(repo, path), true);
        return this;
    }

    /**
     * The listing reports this LFS oid and size for the file (a broken or hostile mirror); the CDN still
     * serves the true bytes under the true SHA-256.
     */
    public FakeHuggingFaceHub misreport(String repo, String path, String oid, long size) {
        misreported.put(repo + "/" + path, Map.entry(oid, size));
        return this;
    }

    /** Sleeps this long after each 64 KiB the CDN writes, so concurrent downloads overlap. */
    public FakeHuggingFaceHub slowDown(Duration perChunk) {
        this.cdnDelayPerChunk = perChunk;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(Predicate<Request> which) {
        return requests.stream().filter(which).count();
    }

    public String sha256Of(String repo, String path) {
        return sha(repo, path);
    }

    private String sha(String repo, String path) {
        StoredFile f = repos.getOrDefault(repo, Map.of()).get(path);
        if (f == null) throw new IllegalArgumentException("no file " + path + " in " + repo);
        return f.sha256();
    }

    private void handle(HttpExchange ex, String server) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(new Request(server, ex.getRequestMethod(), query == null ? path : path + "?" + query, headers));
        try (ex) {
            Hold hold = server.equals("cdn") && path.startsWith("/lfs/") ? holds.remove(path.substring(5)) : null;
            if (hold != null) ex.setStreams(null, new HoldingBody(ex.getResponseBody(), hold));
            if (server.equals("cdn")) new FakeHubCdn(this).serve(ex, path);
            else routeHub(ex, path, headers.getOrDefault("authorization", ""));
        }
    }

    private void routeHub(HttpExchange ex, String path, String authorization) throws IOException {
        String[] seg = java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8).substring(1).split("/");
        boolean api = seg.length >= 4 && seg[0].equals("api") && seg[1].equals("models");
        String repo = api ? seg[2] + "/" + seg[3] : seg.length >= 2 ? seg[0] + "/" + seg[1] : "";
        Map<String, StoredFile> files = repos.get(repo);
        if (files == null) {
            json(ex, 404, Map.of("error", "Repository not found"));
            return;
        }
        String token = gatedTokens.get(repo);
        if (token != null && !authorization.equals("Bearer " + token)) {
            json(ex, authorization.isEmpty() ? 401 : 403, Map.of("error", "Access to model " + repo + " is restricted."));
            return;
        }
        if (api) {
            apiModels(ex, repo, files, seg);
        } else if (seg.length >= 5 && seg[2].equals("resolve")) {
            resolve(ex, repo, files, seg[3], String.join("/", List.of(seg).subList(4, seg.length)));
        } else {
            json(ex, 404, Map.of("error", "Not found"));
        }
    }

    private void apiModels(HttpExchange ex, String repo, Map<String, StoredFile> files, String[] seg) throws IOException {
        String commit = commitOf(repo);
        if (seg.length == 4 || (seg.length == 6 && seg[4].equals("revision"))) {
            if (seg.length == 6 && !knownRevision(repo, seg[5])) {
                json(ex, 404, Map.of("error", "Revision Not Found"));
                return;
            }
            List<Map<String, Object>> siblings = new ArrayList<>();
            for (String p : files.keySet().stream().sorted().toList()) siblings.add(Map.of("rfilename", p));
            json(ex, 200, Map.of("id", repo, "modelId", repo, "sha", commit, "private", false,
                    "gated", gatedTokens.containsKey(repo) ? "manual" : false, "siblings", siblings));
        } else if (seg.length == 6 && seg[4].equals("tree")) {
            if (!knownRevision(repo, seg[5])) {
                json(ex, 404, Map.of("error", "Revision Not Found"));
                return;
            }
            List<Map<String, Object>> tree = new ArrayList<>();
            for (StoredFile f : files.values().stream().sorted((a, b) -> a.path().compareTo(b.path())).toList()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", "file");
                e.put("oid", sha256(f.path().getBytes()).substring(0, 40)); // git blob id stand-in
                e.put("size", f.lfs() ? 134 : f.bytes().length);
                e.put("path", f.path());
                Map.Entry<String, Long> lie = misreported.get(repo + "/" + f.path());
                if (f.lfs()) e.put("lfs", lie != null ? Map.of("oid", lie.getKey(), "size", lie.getValue(), "pointerSize", 134)
                        : Map.of("oid", f.sha256(), "size", f.bytes().length, "pointerSize", 134));
                tree.add(e);
            }
            json(ex, 200, tree);
        } else {
            json(ex, 404, Map.of("error", "Not found"));
        }
    }

    private void resolve(HttpExchange ex, String repo, Map<String, StoredFile> files, String rev, String path) throws IOException {
        StoredFile f = files.get(path);
        if (f == null || !knownRevision(repo, rev)) {
            ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
            json(ex, 404, Map.of("error", "Entry not found"));
            return;
        }
        ex.getResponseHeaders().set("X-Repo-Commit", commitOf(repo));
        if (!f.lfs()) {
            ex.getResponseHeaders().set("ETag", "\"" + sha256(f.bytes()).substring(0, 40) + "\"");
            ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : f.bytes().length);
            if (!ex.getRequestMethod().equals("HEAD")) ex.getResponseBody().write(f.bytes());
            return;
        }
        ex.getResponseHeaders().set("X-Linked-Etag", "\"" + f.sha256() + "\"");
        ex.getResponseHeaders().set("X-Linked-Size", String.valueOf(f.bytes().length));
        ex.getResponseHeaders().set("Location", cdnEndpoint() + "/lfs/" + f.sha256() + "?file=" + f.path().replace('/', '_'));
        ex.sendResponseHeaders(302, -1);
    }

    private boolean knownRevision(String repo, String rev) {
        return rev.equals("main") || rev.equals(commitOf(repo));
    }

    StoredFile byOid(String oid) {
        for (Map<String, StoredFile> files : repos.values()) {
            for (StoredFile f : files.values()) if (f.sha256().equals(oid)) return f;
        }
        return null;
    }

    boolean isCorrupt(String oid) { return corrupt.containsKey(oid); }

    long takeInterrupt(String oid) {
        Long n = interruptAfter.remove(oid);
        return n == null ? -1 : n;
    }

    long takeStall(String oid) {
        Long n = stallAfter.remove(oid);
        return n == null ? -1 : n;
    }

    Duration cdnDelayPerChunk() { return cdnDelayPerChunk; }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        everyHold.forEach(Hold::release);
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }
}
