package io.tiergate.store;

import io.tiergate.store.hub.HubFile;
import io.tiergate.store.hub.RepoListing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the GGUF file(s) a reference means inside a repository listing. A quantization matches file
 * names ending in it after '-', '.' or '_' (case-insensitive, as Ollama does: {@code Q4_K_M} matches
 * {@code Qwen3-4B-Q4_K_M.gguf} and {@code qwen2.5-1.5b-instruct-q4_k_m.gguf}). Split files
 * ({@code NAME-00001-of-00003.gguf}) come as one set, ordered by part number; a set with a part missing
 * is refused. Multimodal projector files ({@code mmproj}) are never chosen by quantization.
 */
public final class GgufFileChooser {

    private static final Pattern SPLIT = Pattern.compile("(?i)^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$");

    private GgufFileChooser() {}

    public static List<HubFile> choose(RepoListing listing, FileSelector selector) {
        List<HubFile> ggufs = listing.ggufFiles();
        if (ggufs.isEmpty()) throw ModelStoreException.notFound("repository '" + listing.repo() + "' has no .gguf files");
        Map<String, List<HubFile>> sets = sets(ggufs);
        return switch (selector) {
            case FileSelector.ByQuantization q -> byQuantization(listing, sets, q.quantization());
            case FileSelector.ByFile f -> byFile(listing, sets, f.path());
        };
    }

    /** The quantizations the repository offers, e.g. [Q4_K_M, Q8_0], upper-case and sorted. */
    public static List<String> quantizations(RepoListing listing) {
        TreeSet<String> q = new TreeSet<>();
        for (String stem : sets(listing.ggufFiles()).keySet()) {
            String base = stem.substring(stem.lastIndexOf('/') + 1);
            if (base.toLowerCase(Locale.ROOT).contains("mmproj")) continue;
            int cut = Math.max(base.lastIndexOf('-'), base.lastIndexOf('.'));
            q.add(base.substring(cut + 1).toUpperCase(Locale.ROOT));
        }
        return List.copyOf(q);
    }

    private static List<HubFile> byQuantization(RepoListing listing, Map<String, List<HubFile>> sets, String quant) {
        String q = quant.toLowerCase(Locale.ROOT);
        List<String> matches = new ArrayList<>();
        for (String stem : sets.keySet()) {
            String base = stem.substring(stem.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (base.contains("mmproj")) continue;
            boolean suffix = base.length() > q.length() && base.endsWith(q)
                    && "-._".indexOf(base.charAt(base.length() - q.length() - 1)) >= 0;
            if (base.equals(q) || suffix) matches.add(stem);
        }
        if (matches.isEmpty()) {
            throw ModelStoreException.notFound("quantization " + quant + " not found in " + listing.repo()
                    + "; available quantizations: " + String.join(", ", quantizations(listing)));
        }
        // Prefer the plainest name: "Model-Q4_K_M" over "Model-UD-Q4_K_M".
        matches.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        return complete(listing, sets.get(matches.getFirst()));
    }

    private static List<HubFile> byFile(RepoListing listing, Map<String, List<HubFile>> sets, String path) {
        for (List<HubFile> set : sets.values()) {
            for (HubFile f : set) {
                if (f.path().equals(path) || f.path().equalsIgnoreCase(path)) return complete(listing, set);
            }
        }
        List<String> names = listing.ggufFiles().stream().map(HubFile::path).limit(30).toList();
        throw ModelStoreException.notFound("file " + path + " not found in " + listing.repo() + "; its .gguf files: "
                + String.join(", ", names));
    }

    /** Groups split parts under their common stem; a single file is its own set (stem = name without .gguf). */
    private static Map<String, List<HubFile>> sets(List<HubFile> ggufs) {
        Map<String, List<HubFile>> sets = new LinkedHashMap<>();
        for (HubFile f : ggufs) {
            Matcher m = SPLIT.matcher(f.path());
            String stem = m.matches() ? m.group(1) : f.path().substring(0, f.path().length() - ".gguf".length());
            sets.computeIfAbsent(stem, k -> new ArrayList<>()).add(f);
        }
        sets.values().forEach(l -> l.sort(Comparator.comparing(HubFile::path)));
        return sets;
    }

    private static List<HubFile> complete(RepoListing listing, List<HubFile> set) {
        Matcher first = SPLIT.matcher(set.getFirst().path());
        if (first.matches()) {
            int count = Integer.parseInt(first.group(3));
            for (int i = 0; i < set.size(); i++) {
                Matcher m = SPLIT.matcher(set.get(i).path());
                if (!m.matches() || Integer.parseInt(m.group(2)) != i + 1 || Integer.parseInt(m.group(3)) != count) {
                    throw incomplete(listing, set, count);
                }
            }
            if (set.size() != count) throw incomplete(listing, set, count);
        }
        for (HubFile f : set) {
            if (f.sha256().length() != 64) {
                throw ModelStoreException.upstream("hub_bad_response", "the Hub lists " + f.path() + " in " + listing.repo()
                        + " without an LFS sha256, so the download could not be verified; refusing it");
            }
        }
        return List.copyOf(set);
    }

    private static ModelStoreException incomplete(RepoListing listing, List<HubFile> set, int count) {
        return ModelStoreException.upstream("incomplete_split", "split GGUF set in " + listing.repo() + " is incomplete: expected "
                + count + " parts, the repository has " + set.stream().map(HubFile::path).toList());
    }
}
