package io.tiergate.store.hub;

import io.tiergate.store.Fsync;
import io.tiergate.store.ModelStoreException;
import io.tiergate.store.StorageErrors;
import io.tiergate.store.progress.PullProgress;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Downloads one Hub file to a partial file, resuming with HTTP Range after a broken connection, checks
 * its SHA-256 against the LFS oid, and only then moves it atomically to its final path. The caller holds
 * the blob's lock. Redirects (the Hub sends 302 to its CDN) are followed here, up to
 * {@value #MAX_REDIRECTS}, and the token is only sent to the Hub's own host.
 */
public final class HubDownloader {

    static final int MAX_ATTEMPTS = 4;
    static final int MAX_REDIRECTS = 5;
    private static final int BUFFER_BYTES = 1 << 20;

    private final HubClient hub;

    public HubDownloader(HubClient hub) {
        this.hub = hub;
    }

    /** Fetches {@code file} from {@code url} into {@code target}, using {@code partial} for the bytes in flight. */
    public void fetch(HubFile file, URI url, Path partial, Path target, PullProgress progress) {
        long have = StorageErrors.size(partial);
        if (have > file.bytes()) {
            StorageErrors.delete(partial);
            have = 0;
        }
        progress.start(file.path(), file.bytes(), have);
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && have < file.bytes(); attempt++) {
            try {
                transfer(file, url, partial, have, progress);
            } catch (IOException e) {
                lastFailure = e;
                progress.note("connection lost after " + StorageErrors.size(partial) + " bytes of " + file.path()
                        + " (" + e.getMessage() + "); resuming");
                pause(attempt);
            }
            have = StorageErrors.size(partial);
        }
        if (have < file.bytes()) {
            String why = lastFailure == null ? "the server sent fewer bytes than announced" : String.valueOf(lastFailure.getMessage());
            throw ModelStoreException.upstream("download_incomplete", "download of " + file.path() + " stopped at " + have
                    + " of " + file.bytes() + " bytes after " + MAX_ATTEMPTS + " attempts (" + why
                    + "); run the pull again to resume");
        }
        progress.note("verifying sha256 of " + file.path());
        String actual = Sha256.of(partial);
        if (!actual.equals(file.sha256())) {
            StorageErrors.delete(partial);
            throw ModelStoreException.upstream("checksum_mismatch", "checksum mismatch for " + file.path() + ": the Hub "
                    + "publishes sha256 " + file.sha256() + " but the downloaded bytes hash to " + actual
                    + "; the downloaded file was deleted, nothing was stored");
        }
        Fsync.file(partial); // the bytes reach the disk before the name that vouches for them
        StorageErrors.run(target, () -> Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE));
        Fsync.directory(target.getParent());
        progress.finish(file.path());
    }

    /** One HTTP exchange appending to {@code partial}; IOException means "connection broke, try to resume". */
    private void transfer(HubFile file, URI url, Path partial, long have, PullProgress progress) throws IOException {
        HttpResponse<InputStream> r = openFollowingRedirects(url, have);
        try (InputStream body = r.body()) {
            int status = r.statusCode();
            boolean append;
            if (status == 206 && have > 0) {
                long start = contentRangeStart(r).orElse(-1L);
                if (start != have) throw ModelStoreException.upstream("bad_range", "asked " + url + " for bytes from "
                        + have + " but got Content-Range " + r.headers().firstValue("Content-Range").orElse("(none)"));
                append = true;
            } else if (status == 200) {
                append = false; // the server ignored Range: start over
            } else if (status == 416 && have == file.bytes()) {
                return;
            } else if (status == 401 || status == 403) {
                throw hub.gatedOrMissing(repoOf(url), status);
            } else if (status == 404) {
                throw ModelStoreException.notFound("file " + file.path() + " is listed by the Hub but " + url + " answered 404");
            } else {
                throw ModelStoreException.upstream("hub_error", "download of " + file.path() + " failed: HTTP " + status);
            }
            copy(body, partial, append, append ? have : 0, file, progress);
        }
    }

    private void copy(InputStream body, Path partial, boolean append, long startAt, HubFile file, PullProgress progress) throws IOException {
        FileChannel out = StorageErrors.call(partial, () -> FileChannel.open(partial, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
        Duration readTimeout = hub.config().readTimeout();
        try (out; StallWatch watch = new StallWatch(body, readTimeout)) {
            byte[] buf = new byte[BUFFER_BYTES];
            long done = startAt;
            int n;
            while ((n = read(body, buf, watch, readTimeout)) > 0) {
                watch.progressed();
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                StorageErrors.run(partial, () -> {
                    while (bb.hasRemaining()) out.write(bb);
                });
                done += n;
                if (done > file.bytes()) { // a server that sends more than the listing says must not fill the disk
                    throw ModelStoreException.upstream("hub_bad_response", "the download of " + file.path() + " sent more than its "
                            + file.bytes() + " listed bytes");
                }
                progress.advance(done);
            }
            // a stream closed by the watch may also end as if the file were complete
            if (watch.stalled()) throw stalledFor(readTimeout, null);
        }
    }

    /** One read; IOException = broken connection (or a stall the watch cut off): resumable. */
    private static int read(InputStream body, byte[] buf, StallWatch watch, Duration readTimeout) throws IOException {
        try {
            return body.read(buf);
        } catch (IOException e) {
            if (watch.stalled()) throw stalledFor(readTimeout, e);
            throw e;
        }
    }

    private static IOException stalledFor(Duration readTimeout, IOException cause) {
        return new IOException("no data for " + readTimeout.toMillis() / 1000.0 + " s (HF_HUB_DOWNLOAD_TIMEOUT)", cause);
    }

    private HttpResponse<InputStream> openFollowingRedirects(URI url, long from) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).timeout(Duration.ofMinutes(5)).GET();
            if (from > 0) b.header("Range", "bytes=" + from + "-");
            if (sameOrigin(current, hub.config().endpoint())) hub.config().bearer().ifPresent(v -> b.header("Authorization", v));
            HttpResponse<InputStream> r;
            try {
                r = hub.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IOException e) {
                if (from == 0 && hop == 0) throw hub.unreachable(e);
                throw e;
            }
            int s = r.statusCode();
            if (s < 300 || s >= 400) return r;
            r.body().close();
            String location = r.headers().firstValue("Location").orElseThrow(() -> ModelStoreException.upstream(
                    "hub_bad_response", "HTTP " + s + " from " + url + " without a Location header"));
            current = current.resolve(location);
        }
        throw ModelStoreException.upstream("hub_bad_response", "more than " + MAX_REDIRECTS + " redirects for " + url);
    }

    /** {@code ORG/REPO} from {@code {endpoint}/ORG/REPO/resolve/...}. */
    private String repoOf(URI url) {
        String rest = url.getPath().substring(hub.config().endpoint().getPath().length());
        String[] seg = rest.replaceFirst("^/", "").split("/");
        return seg.length >= 2 ? seg[0] + "/" + seg[1] : rest;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static Optional<Long> contentRangeStart(HttpResponse<?> r) {
        // "bytes 100-999/1000"
        return r.headers().firstValue("Content-Range").flatMap(v -> {
            String s = v.strip();
            if (!s.startsWith("bytes ") || s.indexOf('-') < 0) return Optional.empty();
            try {
                return Optional.of(Long.parseLong(s.substring(6, s.indexOf('-')).strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Duration.ofMillis(200L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
