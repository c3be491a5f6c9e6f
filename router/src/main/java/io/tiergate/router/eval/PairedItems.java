package io.tiergate.router.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Items scored for both a weak and a strong model. {@code skipped} counts items lacking either score.
 * The train/test split is by a fixed seed so every command sees the same held-out part.
 */
public record PairedItems(String weak, String strong, List<RoutingItem> items, int skipped) {
    /** The seed of the train/test split used throughout (documented in docs/router.md). */
    public static final long SPLIT_SEED = 20_241_124L;
    /** Share of items held out for testing. */
    public static final double TEST_SHARE = 0.3;

    public PairedItems {
        items = List.copyOf(items);
    }

    public double weakScore(int i) {
        return items.get(i).scores().get(weak);
    }

    public double strongScore(int i) {
        return items.get(i).scores().get(strong);
    }

    public int size() {
        return items.size();
    }

    /** "all", "train" or "test". */
    public PairedItems split(String which) {
        return switch (which) {
            case "all" -> this;
            case "train", "test" -> {
                boolean[] test = SeededSplit.mask(items.size(), SPLIT_SEED, TEST_SHARE);
                List<RoutingItem> kept = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) if (test[i] == which.equals("test")) kept.add(items.get(i));
                yield new PairedItems(weak, strong, kept, skipped);
            }
            default -> throw new RoutingDataException("Unknown split '" + which + "': expected all, train or test.");
        };
    }
}
