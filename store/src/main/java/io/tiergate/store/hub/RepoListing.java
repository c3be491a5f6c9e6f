package io.tiergate.store.hub;

import java.util.List;

/**
 * A repository's files at one commit.
 *
 * @param repo   {@code ORG/REPO}
 * @param commit the full commit id the revision resolved to (downloads use it, so all parts match)
 */
public record RepoListing(String repo, String commit, List<HubFile> files) {

    public RepoListing {
        files = List.copyOf(files);
    }

    public List<HubFile> ggufFiles() {
        return files.stream().filter(HubFile::isGguf).toList();
    }
}
