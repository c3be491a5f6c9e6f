package io.tiergate.cli.engine;

import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.GenerationParams;
import io.tiergate.api.TiergateException;
import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.backend.MapModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code tiergate run MODEL "prompt"}: one chat turn on the in-process engine, streamed to the terminal. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Generate a reply with the in-process engine (MODEL is a .gguf path or a stored model name).")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "PROMPT")
    String prompt;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Optional<Integer> threads;

    @Option(names = "--max-tokens", defaultValue = "256")
    int maxTokens;

    @Option(names = "--temperature", description = "0 for greedy (default 0.8)")
    Optional<Double> temperature;

    @Option(names = "--seed")
    Optional<Long> seed;

    @Option(names = "--ctx", defaultValue = "4096", description = "context length in tokens")
    int contextLength;

    @Option(names = "--system", description = "a system message")
    Optional<String> system;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            var path = ModelPaths.resolve(model);
            EngineConfig d = EngineConfig.defaults();
            EngineConfig config = new EngineConfig(threads.orElse(d.threads()), contextLength, 1, 0, Duration.ZERO, 0);
            GenerationParams p = new GenerationParams(OptionalInt.of(maxTokens),
                    temperature.map(OptionalDouble::of).orElse(OptionalDouble.empty()), OptionalDouble.empty(), OptionalInt.empty(),
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    seed.map(OptionalLong::of).orElse(OptionalLong.empty()), List.of(), false, OptionalInt.empty(), OptionalInt.empty());
            ChatRequest request = ChatRequest.ofUser(model, prompt).withParams(p).withStream(true, true);
            if (system.isPresent()) {
                request = request.withMessages(List.of(io.tiergate.api.ChatMessage.of(io.tiergate.api.Role.SYSTEM, system.get()),
                        request.messages().getFirst()));
            }
            try (InProcessBackend backend = new InProcessBackend("run", new MapModelLocator(Map.of(model, path)), config)) {
                BackendOutcome outcome = backend.chat(request, chunk -> {
                    chunk.choices().forEach(c -> c.content().ifPresent(out::print));
                    out.flush();
                    return true;
                });
                out.println();
                return switch (outcome) {
                    case BackendOutcome.Completed c -> {
                        err.printf("[%d prompt + %d generated tokens, finish: %s, first token after %d ms]%n",
                                c.response().usage().promptTokens(), c.response().usage().completionTokens(),
                                c.response().choices().getFirst().finishReason(), c.timeToFirstToken().toMillis());
                        yield 0;
                    }
                    case BackendOutcome.Failed f -> {
                        err.println("error: " + f.failure().message());
                        yield 1;
                    }
                };
            }
        } catch (TiergateException e) {
            err.println("error: " + e.getMessage());
            return e.status() >= 500 ? 1 : 2;
        }
    }
}
