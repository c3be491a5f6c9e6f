package io.tiergate.testkit.hub;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

/** The fake Hub's CDN: serves LFS objects by SHA-256 with Range support and the test's fault injections. */
final class FakeHubCdn {

    private static final int CHUNK = 64 * 1024;

    private final FakeHuggingFaceHub hub;

    FakeHubCdn(FakeHuggingFaceHub hub) {
        this.hub = hub;
    }

    void serve(HttpExchange ex, String path) throws IOException {
        String oid = path.startsWith("/lfs/") ? path.substring(5) : "";
        FakeHuggingFaceHub.StoredFile f = hub.byOid(oid);
        if (f == null) {
            FakeHuggingFaceHub.json(ex, 404, Map.of("error", "NoSuchKey"));
            return;
        }
        byte[] bytes = f.bytes();
        if (hub.isCorrupt(oid)) {
            bytes = bytes.clone();
            bytes[bytes.length / 2] ^= 0x5A;
        }
        long total = bytes.length;
        long from = 0;
        long to = total - 1;
        String range = ex.getRequestHeaders().getFirst("Range");
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        ex.getResponseHeaders().set("ETag", "\"" + oid + "\"");
        int status = 200;
        if (range != null && range.startsWith("bytes=")) {
            String[] fromTo = range.substring(6).split("-", -1);
            from = Long.parseLong(fromTo[0]);
            if (!fromTo[1].isEmpty()) to = Math.min(to, Long.parseLong(fromTo[1]));
            if (from >= total) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + total);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + total);
        }
        long length = to - from + 1;
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : length);
        if (head) return;
        long cutAfter = hub.takeInterrupt(oid);
        long stallAfter = hub.takeStall(oid);
        OutputStream out = ex.getResponseBody();
        long sent = 0;
        while (sent < length) {
            if (stallAfter >= 0 && sent >= stallAfter) {
                // Send nothing more and keep the connection open: the client must notice by itself.
                pause(Duration.ofMinutes(5)); // ended early by close(), which interrupts this thread
                return;
            }
            int n = (int) Math.min(CHUNK, length - sent);
            if (cutAfter >= 0 && sent + n > cutAfter) n = (int) (cutAfter - sent);
            if (stallAfter >= 0 && sent + n > stallAfter) n = (int) (stallAfter - sent);
            out.write(bytes, (int) (from + sent), n);
            out.flush();
            sent += n;
            if (cutAfter >= 0 && sent >= cutAfter) {
                // Close the connection mid-body: the client sees fewer bytes than Content-Length.
                throw new IOException("fake Hub CDN: interrupting download after " + sent + " bytes, as the test asked");
            }
            pause(hub.cdnDelayPerChunk());
        }
        out.close();
    }

    private static void pause(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
