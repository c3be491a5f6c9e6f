package io.tiergate.router.learn;

import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.RoutingItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Less noisy training targets. One model's 1/0 result on one item is a coin flip around the item's real
 * difficulty; the mean over the {@code k} models whose overall quality is closest to the weak model's
 * (the weak model included) estimates "would a model of the weak tier's strength get this right"
 * better, and the same for the strong side. Used only for training labels: selection and evaluation
 * always score the real pair.
 */
public final class NeighbourLabels {
    private NeighbourLabels() {}

    /** {weak side, strong side} per item; with k = 1 these are the pair's own scores. */
    public static double[][] of(PairedItems items, int k) {
        Map<String, double[]> quality = new HashMap<>();
        for (RoutingItem item : items.items()) {
            item.scores().forEach((m, s) -> {
                double[] q = quality.computeIfAbsent(m, x -> new double[2]);
                q[0] += s;
                q[1]++;
            });
        }
        List<String> weakSide = closest(quality, items.weak(), k);
        List<String> strongSide = closest(quality, items.strong(), k);
        double[][] out = new double[2][items.size()];
        for (int i = 0; i < items.size(); i++) {
            out[0][i] = mean(items.items().get(i), weakSide, items.weakScore(i));
            out[1][i] = mean(items.items().get(i), strongSide, items.strongScore(i));
        }
        return out;
    }

    private static List<String> closest(Map<String, double[]> quality, String model, int k) {
        double target = quality.get(model)[0] / quality.get(model)[1];
        List<String> models = new ArrayList<>(quality.keySet());
        models.sort(Comparator.comparingDouble((String m) -> Math.abs(quality.get(m)[0] / quality.get(m)[1] - target))
                .thenComparing(m -> m.equals(model) ? 0 : 1));
        List<String> chosen = new ArrayList<>(models.subList(0, Math.min(k, models.size())));
        if (!chosen.contains(model)) chosen.set(chosen.size() - 1, model);
        return chosen;
    }

    private static double mean(RoutingItem item, List<String> models, double own) {
        double sum = 0;
        int n = 0;
        for (String m : models) {
            Double s = item.scores().get(m);
            if (s != null) {
                sum += s;
                n++;
            }
        }
        return n == 0 ? own : sum / n;
    }
}
