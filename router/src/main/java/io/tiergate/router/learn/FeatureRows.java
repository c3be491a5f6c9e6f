package io.tiergate.router.learn;

import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.RoutingItem;
import io.tiergate.router.features.RequestFeatures;
import io.tiergate.router.features.RequestText;
import io.tiergate.router.features.ShapeFeatures;

import java.util.List;

/** Features of routing-evaluation items (prompts as single user messages), embeddings through the cache. */
public final class FeatureRows {
    private FeatureRows() {}

    public static RequestFeatures[] of(PairedItems items, EmbeddingCache cache) {
        List<RoutingItem> list = items.items();
        float[][] embeddings = cache.embedAll(list.stream().map(RoutingItem::prompt).toList());
        RequestFeatures[] out = new RequestFeatures[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new RequestFeatures(ShapeFeatures.extract(RequestText.ofPrompt(list.get(i).prompt())), embeddings[i]);
        }
        return out;
    }
}
