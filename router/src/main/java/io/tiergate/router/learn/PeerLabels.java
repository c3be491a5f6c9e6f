package io.tiergate.router.learn;

import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.RoutingItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training labels that use the other models of a routing file, not only the weak/strong pair. One pair's
 * 1/0 outcome on an item is a very noisy reading of how hard the item is for a model of that strength;
 * the {@code peers} models whose mean score on the file is closest to the weak model's (and likewise the
 * strong model's) are readings of the same thing. The peer label of an item is the mean of
 * max(0, strong-side − weak-side) over all (weak-side, strong-side) pairs of those groups (each group
 * holds its anchor model); the label used in training mixes it with the pair's own label:
 * {@code pairWeight · max(0, S − W) + (1 − pairWeight) · peer label}. With 1/0 scores the peer label is
 * P(strong-side right) · P(weak-side wrong) over the groups. Items stay unchanged where peers lack scores.
 */
public final class PeerLabels {
    private PeerLabels() {}

    /** One label per item of {@code train} (the train split of a file; model strengths are measured on it alone). */
    public static double[] of(PairedItems train, int peers, double pairWeight) {
        List<String> weakSide = nearest(train, train.weak(), peers, train.strong());
        List<String> strongSide = nearest(train, train.strong(), peers, train.weak());
        double[] labels = new double[train.size()];
        for (int i = 0; i < labels.length; i++) {
            double own = TrainingSet.label(train.weakScore(i), train.strongScore(i));
            Map<String, Double> scores = train.items().get(i).scores();
            double sum = 0;
            int pairs = 0;
            for (String w : weakSide) {
                for (String s : strongSide) {
                    if (!scores.containsKey(w) || !scores.containsKey(s)) continue;
                    sum += TrainingSet.label(scores.get(w), scores.get(s));
                    pairs++;
                }
            }
            labels[i] = pairs == 0 ? own : pairWeight * own + (1 - pairWeight) * sum / pairs;
        }
        return labels;
    }

    /** {@code anchor} and the {@code peers} other models whose mean score is closest to it ({@code exclude} never). */
    static List<String> nearest(PairedItems train, String anchor, int peers, String exclude) {
        Map<String, double[]> totals = new HashMap<>();
        for (RoutingItem item : train.items()) {
            item.scores().forEach((model, score) -> {
                double[] t = totals.computeIfAbsent(model, m -> new double[2]);
                t[0] += score;
                t[1]++;
            });
        }
        // Models scored on under half the items are skipped: their mean is not comparable.
        double anchorMean = totals.get(anchor)[0] / totals.get(anchor)[1];
        List<String> others = new ArrayList<>(totals.keySet().stream()
                .filter(m -> !m.equals(anchor) && !m.equals(exclude) && totals.get(m)[1] >= train.size() / 2.0).toList());
        others.sort(Comparator.comparingDouble((String m) -> Math.abs(totals.get(m)[0] / totals.get(m)[1] - anchorMean))
                .thenComparing(Comparator.naturalOrder()));
        List<String> out = new ArrayList<>();
        out.add(anchor);
        out.addAll(others.subList(0, Math.min(peers, others.size())));
        return out;
    }
}
