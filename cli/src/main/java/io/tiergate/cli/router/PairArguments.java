package io.tiergate.cli.router;

import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.RoutingDataException;
import io.tiergate.router.eval.RoutingDataset;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --data FILE... --weak W... --strong S...}: routing-evaluation files and the model pair of each
 * (one --weak/--strong for all files, or one per file, in order). Every file is read and validated
 * before any work starts.
 */
public final class PairArguments {
    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "FILE.jsonl", description = "Routing-evaluation JSONL file(s)")
    List<Path> data = new ArrayList<>();

    @Option(names = "--weak", required = true, arity = "1..*", paramLabel = "MODEL", description = "The weak (cheap) model: one for all files, or one per file")
    List<String> weak = new ArrayList<>();

    @Option(names = "--strong", required = true, arity = "1..*", paramLabel = "MODEL", description = "The strong model: one for all files, or one per file")
    List<String> strong = new ArrayList<>();

    public List<PairedItems> pairs() {
        if (weak.size() != 1 && weak.size() != data.size()) {
            throw new RoutingDataException("Give one --weak model for all files or one per --data file (" + data.size() + "), not " + weak.size() + ".");
        }
        if (strong.size() != 1 && strong.size() != data.size()) {
            throw new RoutingDataException("Give one --strong model for all files or one per --data file (" + data.size() + "), not " + strong.size() + ".");
        }
        List<RoutingDataset> sets = data.stream().map(f -> RoutingDataset.read(List.of(f))).toList();
        List<PairedItems> pairs = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            String w = weak.get(weak.size() == 1 ? 0 : i);
            String s = strong.get(strong.size() == 1 ? 0 : i);
            try {
                pairs.add(sets.get(i).pair(w, s));
            } catch (RoutingDataException e) {
                throw new RoutingDataException(data.get(i) + ": " + e.getMessage());
            }
        }
        return pairs;
    }
}
