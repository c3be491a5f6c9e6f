package io.tiergate.store.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.store.ModelStoreException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hugging Face Hub's HTTP API over the JDK {@link HttpClient}:
 * {@code GET /api/models/{repo}/revision/{rev}} for the commit id, and
 * {@code GET /api/models/{repo}/tree/{commit}?recursive=true} for files with their LFS oid (SHA-256) and size.
 * Files are then fetched from {@link #resolveUrl} by the {@link HubDownloader}.
 */
public final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HubConfig config;
    private final HttpClient http;

    public HubClient(HubConfig config) {
        this.config = config;
        // Redirects are followed by hand in HubDownloader (to drop the token on other hosts); API calls get none.
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HubConfig config() { return config; }

    HttpClient http() { return http; }

    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** Lists the repository's files at {@code revision}; unknown or gated repositories throw a clear error. */
    public RepoListing list(String repo, String revision) {
        JsonNode info = getJson(repo, URI.create(config.endpoint() + "/api/models/" + repo + "/revision/" + encode(revision)));
        String commit = info.path("sha").asText("");
        if (commit.isEmpty()) throw ModelStoreException.upstream("hub_bad_response",
                "the Hub's model info for " + repo + " has no commit id ('sha'); is " + config.endpoint() + " a Hub?");
        JsonNode tree = getJson(repo, URI.create(config.endpoint() + "/api/models/" + repo + "/tree/" + commit + "?recursive=true"));
        List<HubFile> files = new ArrayList<>();
        for (JsonNode n : tree) {
            if (!"file".equals(n.path("type").asText("file"))) continue;
            JsonNode lfs = n.path("lfs");
            long size = lfs.isObject() ? lfs.path("size").asLong(n.path("size").asLong()) : n.path("size").asLong();
            String oid = lfs.isObject() ? lfs.path("oid").asText("").toLowerCase(java.util.Locale.ROOT) : "";
            // the oid names the partial file and the blob: anything but a SHA-256 could point outside the store
            if (!oid.isEmpty() && !SHA256.matcher(oid).matches() || size < 0) {
                throw ModelStoreException.upstream("hub_bad_response", "the Hub's listing of " + repo + " gives file '"
                        + n.path("path").asText() + "' an LFS id that is not a SHA-256 or a negative size; is "
                        + config.endpoint() + " a Hub?");
            }
            files.add(new HubFile(n.path("path").asText(), size, oid));
        }
        return new RepoListing(repo, commit, files);
    }

    /** {@code {endpoint}/{repo}/resolve/{commit}/{path}}: answers with the file or a redirect to its CDN copy. */
    public URI resolveUrl(String repo, String commit, String path) {
        StringBuilder p = new StringBuilder();
        for (String seg : path.split("/")) p.append('/').append(encode(seg));
        return URI.create(config.endpoint() + "/" + repo + "/resolve/" + encode(commit) + p);
    }

    private JsonNode getJson(String repo, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        config.bearer().ifPresent(v -> b.header("Authorization", v));
        HttpResponse<byte[]> r = send(b.build());
        int s = r.statusCode();
        if (s == 401 || s == 403) throw gatedOrMissing(repo, s);
        if (s == 404) throw ModelStoreException.notFound("repository '" + repo + "' not found on " + config.endpoint()
                + " (check the spelling; Hub names are case-sensitive)");
        if (s != 200) throw ModelStoreException.upstream("hub_error", "the Hub answered HTTP " + s + " for " + uri);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw ModelStoreException.upstream("hub_bad_response", "the Hub's answer for " + uri + " is not JSON: " + e.getMessage());
        }
    }

    ModelStoreException gatedOrMissing(String repo, int status) {
        if (config.token().isEmpty()) {
            return ModelStoreException.gated("repository '" + repo + "' needs authorization (HTTP " + status + "): it is gated, "
                    + "private or does not exist. For a gated repo, accept its licence on the Hub and set HF_TOKEN to an access token.");
        }
        return ModelStoreException.gated("the Hub refused HF_TOKEN for repository '" + repo + "' (HTTP " + status + "): "
                + "the token is invalid or has not been granted access to this gated repo.");
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelStoreException.offline("interrupted while talking to " + config.endpoint());
        }
    }

    /** Maps a transport failure to "offline: could not reach ..." with the cause in brackets. */
    public ModelStoreException unreachable(Exception e) {
        String cause = switch (e) {
            case ConnectException c -> "connection refused";
            case HttpTimeoutException t -> "timed out";
            default -> e.getCause() instanceof UnresolvedAddressException ? "unknown host" : String.valueOf(e.getMessage());
        };
        return ModelStoreException.offline("offline: could not reach " + config.endpoint() + " (" + cause + ")");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
