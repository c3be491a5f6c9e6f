package io.tiergate.engine.backend;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendNotice;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.ClientPresence;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Locality;
import io.tiergate.api.Usage;
import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.ModelLocator;
import io.tiergate.engine.generate.ContextBudget;
import io.tiergate.engine.generate.EngineOverloadedException;
import io.tiergate.engine.generate.EngineStoppedException;
import io.tiergate.engine.generate.GenerationLimits;
import io.tiergate.engine.generate.GenerationResult;
import io.tiergate.engine.generate.GenerationSequence;
import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.residency.KeepAlive;
import io.tiergate.engine.residency.KvCacheExceedsHeapException;
import io.tiergate.engine.residency.ModelResidency;
import io.tiergate.engine.residency.ResidentModel;
import io.tiergate.engine.sample.SamplingParams;
import io.tiergate.engine.sample.TokenSampler;
import io.tiergate.engine.template.ChatTemplate;
import io.tiergate.engine.template.ChatTemplateException;
import io.tiergate.engine.tokenizer.Tokenizer;
import io.tiergate.engine.tokenizer.TokenizerException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The in-process engine as a {@link Backend} (locality IN_PROCESS, provider "tiergate"): renders the
 * conversation with the model's chat template, tokenizes it with the model's own tokenizer (so usage
 * is counted exactly), and runs it through the model's batch scheduler. Models are found through a
 * {@link ModelLocator} and kept resident by {@link ModelResidency} (per-request {@code keep_alive}).
 */
public final class InProcessBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(InProcessBackend.class.getName());

    private final String id;
    private final EngineConfig config;
    private final ModelResidency residency;
    /** Models rendered with their own chat template ({@code tokenizer.chat_template}), ChatML when they have none. */
    public InProcessBackend(String id, ModelLocator locator, EngineConfig config) {
        this(id, locator, config, InProcessBackend::modelChatTemplate);
    }

    /**
     * @param renderers how to render a model's prompts, from its metadata and tokenizer (called once per load)
     */
    public InProcessBackend(String id, ModelLocator locator, EngineConfig config,
                            BiFunction<GgufMetadata, Tokenizer, PromptRenderer> renderers) {
        this.id = id;
        this.config = config;
        this.residency = new ModelResidency(locator, config, renderers);
    }

    /** Renderers chosen from the metadata alone (e.g. {@link #chatMlFallback()}). */
    public InProcessBackend(String id, ModelLocator locator, EngineConfig config, Function<GgufMetadata, PromptRenderer> renderers) {
        this(id, locator, config, (metadata, tokenizer) -> renderers.apply(metadata));
    }

    /** The model's own chat template, or ChatML when the file has none. */
    public static PromptRenderer modelChatTemplate(GgufMetadata metadata, Tokenizer tokenizer) {
        return ChatTemplate.fromGguf(metadata, tokenizer).<PromptRenderer>map(t -> t::render).orElseGet(ChatMlPromptRenderer::new);
    }

    /** ChatML for every model, whatever its file says (tests, files without a usable template). */
    public static Function<GgufMetadata, PromptRenderer> chatMlFallback() {
        ChatMlPromptRenderer chatMl = new ChatMlPromptRenderer();
        return metadata -> chatMl;
    }

    /** ChatML for every model, as a renderer factory for the 4-argument constructor. */
    public static BiFunction<GgufMetadata, Tokenizer, PromptRenderer> chatMlOnly() {
        ChatMlPromptRenderer chatMl = new ChatMlPromptRenderer();
        return (metadata, tokenizer) -> chatMl;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(id, Locality.IN_PROCESS, "tiergate", Optional.empty(), residency.available());
    }

    public ModelResidency residency() {
        return residency;
    }

    @Override
    public BackendOutcome chat(ChatRequest request, ChatStream stream) {
        if (request.params().n().orElse(1) != 1) {
            throw new InvalidRequestException("The in-process engine returns one choice; n must be 1.", "n");
        }
        Optional<Duration> keepAlive = KeepAlive.parse(Optional.ofNullable(request.passthroughJson().get("keep_alive")));
        Optional<ModelResidency.Lease> lease;
        try {
            lease = residency.acquire(request.model(), keepAlive);
        } catch (EngineOverloadedException e) {
            // no room in the memory budget within engine.load-wait: the models holding it stayed busy
            return failed(BackendFailure.Kind.OVERLOADED, e.getMessage(), Optional.of(503), Optional.of(e.retryAfter()), false);
        } catch (EngineStoppedException e) {
            return stopped(request, e, false);
        } catch (KvCacheExceedsHeapException e) {
            return failed(BackendFailure.Kind.SERVER_ERROR, e.getMessage(), Optional.of(500), Optional.empty(), false);
        } catch (GgufFormatException | TokenizerException | ChatTemplateException | IllegalArgumentException | IllegalStateException e) {
            // a file that parses but does not make a model (a missing hyperparameter, an impossible shape, a tokenizer
            // or chat template we do not support): a failure, so the gateway can try the next tier
            return failed(BackendFailure.Kind.SERVER_ERROR, "model '" + request.model() + "' cannot be loaded: " + e.getMessage(),
                    Optional.of(500), Optional.empty(), false);
        }
        if (lease.isEmpty()) {
            return failed(BackendFailure.Kind.CLIENT_ERROR, "model '" + request.model() + "' is not available in-process (available: "
                    + String.join(", ", residency.available()) + ")", Optional.of(404), Optional.empty(), false);
        }
        try (ModelResidency.Lease l = lease.get()) {
            return run(request, stream, l.model());
        }
    }

    private BackendOutcome run(ChatRequest request, ChatStream stream, ResidentModel rm) {
        Tokenizer tok = rm.tokenizer();
        String prompt = rm.renderer().render(request.messages(), request.tools(), true);
        boolean addSpecial = tok.addsBos() && !prompt.startsWith(tok.bosText());
        int[] ids = tok.encode(prompt, addSpecial, true);
        int ctx = Math.min(config.contextLength(), rm.model().config().contextLength());
        ContextBudget budget = ContextBudget.of(ids.length, ctx, request.params().maxTokens());
        if (budget.clamped()) {
            LOG.log(System.Logger.Level.INFO, "max_tokens {0} clamped to {1}: the prompt has {2} of the context''s {3} tokens",
                    budget.requestedMaxTokens().getAsInt(), budget.maxTokens(), ids.length, ctx);
        }
        List<BackendNotice> notices = budget.clamped()
                ? List.of(new BackendNotice.MaxTokensClamped(budget.requestedMaxTokens().getAsInt(), budget.maxTokens(), ids.length, ctx))
                : List.of();
        NoticesBeforeFirstChunk announcer = new NoticesBeforeFirstChunk(stream, notices, BackendNotice.listener());
        boolean logprobs = request.params().logprobs();
        String completionId = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        HandOffStream handOff = new HandOffStream(announcer);
        // Unstreamed, nothing is written until the end: the edge's watch of the connection says when the client left.
        ClientPresence presence = ClientPresence.current();
        ChatStream unstreamed = chunk -> !presence.gone();
        ChunkEmitter emitter = new ChunkEmitter(request.stream() ? handOff : unstreamed, completionId, request.model(), created, logprobs);
        GenerationSequence seq = new GenerationSequence(rm.model().newSession(ctx), ids, new TokenSampler(SamplingParams.from(request.params())),
                tok, new GenerationLimits(budget.maxTokens(), request.params().stop(), logprobs, request.params().topLogprobs().orElse(0)),
                budget, emitter);
        GenerationResult result;
        try {
            var done = rm.scheduler().submit(seq);
            result = request.stream() ? handOff.deliverUntil(done) : done.join();
        } catch (EngineOverloadedException e) {
            return failed(BackendFailure.Kind.OVERLOADED, e.getMessage(), Optional.of(503), Optional.of(e.retryAfter()), false);
        } catch (EngineStoppedException e) {
            return stopped(request, e, false);
        } catch (CompletionException e) {
            // unstreamed, the emitter's chunks went nowhere: nothing reached the client, so the call may be retried
            boolean clientSawChunks = request.stream() && emitter.started();
            if (e.getCause() instanceof EngineStoppedException stopped) return stopped(request, stopped, clientSawChunks);
            return failed(BackendFailure.Kind.SERVER_ERROR, "generation failed: " + e.getCause(), Optional.of(500),
                    Optional.empty(), clientSawChunks);
        }
        if (result.finishReason().equals("cancelled")) {
            return failed(BackendFailure.Kind.CANCELLED, "the client went away", Optional.empty(), Optional.empty(), emitter.started());
        }
        Usage usage = new Usage(ids.length, result.completionTokens(), 0, 0);
        if (request.stream()) emitter.finish(result.finishReason(), request.includeUsage() ? Optional.of(usage) : Optional.empty());
        ChatChoice choice = new ChatChoice(0, ChatMessage.of(io.tiergate.api.Role.ASSISTANT, result.text()), result.finishReason(),
                logprobs ? Optional.of(result.logprobs()) : Optional.empty());
        ChatResponse response = new ChatResponse(completionId, request.model(), created, List.of(choice), usage, Optional.empty());
        announcer.announce(); // unstreamed: now that the answer is certain (streamed: done before the first chunk)
        return new BackendOutcome.Completed(response, emitter.timeToFirstToken());
    }

    /**
     * The engine shut down around the request (between its lease and its turn, or while it generated): a
     * 503 the client may retry — another tier, or this one once the gateway is back — not an internal error.
     */
    private BackendOutcome stopped(ChatRequest request, EngineStoppedException e, boolean streamStarted) {
        return failed(BackendFailure.Kind.OVERLOADED, "model '" + request.model() + "' is not available: " + e.getMessage()
                + " (the engine is shutting down)", Optional.of(503), Optional.of(Duration.ofSeconds(1)), streamStarted);
    }

    private BackendOutcome failed(BackendFailure.Kind kind, String message, Optional<Integer> status, Optional<Duration> retryAfter,
                                  boolean streamStarted) {
        return new BackendOutcome.Failed(new BackendFailure(kind, id, message, status, retryAfter, streamStarted));
    }

    @Override
    public void close() {
        residency.close();
    }
}
