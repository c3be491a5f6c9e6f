package io.tiergate.testkit.contract;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ContentPart;
import io.tiergate.api.GenerationParams;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.api.ToolDefinition;
import io.tiergate.testkit.upstream.FakeUpstream;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link Backend} must show against a fake upstream of its dialect: answers,
 * streaming order and assembly, usage, stop sequences and length limits passed on, and every fault
 * as the right {@link BackendFailure} value. Subclasses supply the upstream and the backend under
 * test. Faults are programmed as the upstream's
 * default behaviour, so a backend that retries (a replica pool) still meets them on every try.
 */
public abstract class BackendContract {
    /** Time limits the contract configures, in the backend's own terms. */
    public record Timeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {
        public static Timeouts generous() {
            return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    protected FakeUpstream upstream;
    private final List<Backend> backends = new CopyOnWriteArrayList<>();

    protected abstract FakeUpstream startUpstream();

    protected abstract Backend createBackend(FakeUpstream upstream, Timeouts timeouts);

    /** The public model name requests use. */
    protected String model() {
        return "fake-model";
    }

    @BeforeEach
    void startFake() {
        upstream = startUpstream();
    }

    @AfterEach
    void stopAll() {
        backends.forEach(Backend::close);
        upstream.close();
    }

    protected Backend backend(Timeouts timeouts) {
        Backend b = createBackend(upstream, timeouts);
        backends.add(b);
        return b;
    }

    protected Backend backend() {
        return backend(Timeouts.generous());
    }

    protected ChatRequest ask(String text) {
        return ChatRequest.ofUser(model(), text);
    }

    protected static ChatResponse completed(BackendOutcome outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(BackendOutcome.Completed.class);
        return ((BackendOutcome.Completed) outcome).response();
    }

    protected static BackendFailure failed(BackendOutcome outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(BackendOutcome.Failed.class);
        return ((BackendOutcome.Failed) outcome).failure();
    }

    protected static String streamedText(List<ChatChunk> chunks) {
        StringBuilder sb = new StringBuilder();
        for (ChatChunk c : chunks) for (ChatChunk.Delta d : c.choices()) d.content().ifPresent(sb::append);
        return sb.toString();
    }

    @Test
    void answersWithoutStreaming() {
        ChatResponse r = completed(backend().chat(ask("hello there"), chunk -> {
            throw new AssertionError("a non-streamed call must not stream");
        }));
        assertThat(r.text()).isEqualTo("You said: hello there");
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(r.usage().promptTokens()).isEqualTo(2);
        assertThat(r.usage().completionTokens()).isEqualTo(4);
    }

    @Test
    void streamsChunksInOrderAndAssemblesTheResponse() {
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        BackendOutcome outcome = backend().chat(ask("one two three four").withStream(true, false), chunks::add);
        ChatResponse r = completed(outcome);
        assertThat(streamedText(chunks)).isEqualTo("You said: one two three four");
        assertThat(chunks.size()).isGreaterThanOrEqualTo(6);
        assertThat(r.text()).isEqualTo("You said: one two three four");
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(((BackendOutcome.Completed) outcome).timeToFirstToken()).isPositive();
        assertThat(chunks.stream().filter(c -> c.choices().stream().anyMatch(d -> d.finishReason().isPresent()))).hasSize(1);
    }

    @Test
    void forwardsEachChunkAsItArrivesWithoutBuffering() {
        upstream.setDefault(UpstreamBehavior.paced(Duration.ofMillis(120)));
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        completed(backend().chat(ask("a b c").withStream(true, false), chunk -> {
            arrivals.add(System.nanoTime() - start);
            return true;
        }));
        long total = System.nanoTime() - start;
        assertThat(arrivals.size()).isGreaterThanOrEqualTo(4);
        assertThat(Duration.ofNanos(arrivals.getFirst())).as("first chunk long before the end")
                .isLessThan(Duration.ofNanos(total).minus(Duration.ofMillis(300)));
        // a buffering backend delivers everything at the end; tolerate scheduling jitter on a loaded machine
        int spaced = 0;
        for (int i = 1; i < arrivals.size(); i++) if (arrivals.get(i) - arrivals.get(i - 1) > Duration.ofMillis(60).toNanos()) spaced++;
        assertThat(spaced).as("chunks that arrived well after the previous one, of " + arrivals.size()).isGreaterThanOrEqualTo(arrivals.size() / 2);
    }

    @Test
    void reportsUsageOfStreamsEvenWhenTheClientDidNotAskForIt() {
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        ChatResponse r = completed(backend().chat(ask("count these words").withStream(true, false), chunks::add));
        assertThat(r.usage().promptTokens()).isEqualTo(3);
        assertThat(r.usage().completionTokens()).isEqualTo(5);
        assertThat(chunks).noneMatch(c -> c.usage().isPresent());
    }

    @Test
    void forwardsUsageChunkWhenTheClientAsks() {
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        completed(backend().chat(ask("count these words").withStream(true, true), chunks::add));
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(5));
    }

    @Test
    void passesStopSequencesOn() {
        GenerationParams p = GenerationParams.defaults();
        p = new GenerationParams(p.maxTokens(), p.temperature(), p.topP(), p.topK(), p.minP(), p.repeatPenalty(),
                p.frequencyPenalty(), p.presencePenalty(), p.seed(), List.of(" there"), false, p.topLogprobs(), p.n());
        ChatResponse r = completed(backend().chat(ask("hello there friend").withParams(p), ChatStream.DISCARD));
        assertThat(r.text()).isEqualTo("You said: hello");
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("stop");
    }

    @Test
    void passesMaxTokensOnAndReportsLength() {
        ChatRequest req = ask("a b c d e f").withParams(GenerationParams.defaults().withMaxTokens(3));
        ChatResponse r = completed(backend().chat(req, ChatStream.DISCARD));
        assertThat(r.text()).isEqualTo("You said: a");
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("length");
    }

    @Test
    void timesOutWaitingForTheFirstToken() {
        upstream.setDefault(UpstreamBehavior.delayed(Duration.ofSeconds(3)));
        Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(20));
        long start = System.nanoTime();
        BackendFailure f = failed(backend(t).chat(ask("hi").withStream(true, false), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.TIMEOUT_FIRST_TOKEN);
        assertThat(f.streamStarted()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void timesOutWhenTheStreamGoesIdle() {
        upstream.setDefault(UpstreamBehavior.stallingAfter(2));
        Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(20));
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        BackendFailure f = failed(backend(t).chat(ask("hi there").withStream(true, false), chunks::add));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.TIMEOUT_IDLE);
        assertThat(f.streamStarted()).isEqualTo(!chunks.isEmpty());
        assertThat(f.retryable()).isEqualTo(chunks.isEmpty());
    }

    @Test
    void timesOutWhenTheWholeCallTakesTooLong() {
        upstream.setDefault(UpstreamBehavior.paced(Duration.ofMillis(150)));
        Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500));
        BackendFailure f = failed(backend(t).chat(ask("a b c d e f g h i j").withStream(true, false), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.TIMEOUT_TOTAL);
    }

    @Test
    void reportsConnectionRefused() {
        Backend b = backend();
        upstream.close();
        BackendFailure f = failed(b.chat(ask("hi"), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.CONNECT);
        assertThat(f.retryable()).isTrue();
        assertThat(b.probe()).isFalse();
    }

    @Test
    void reportsServerErrorsAsRetryableWithTheirStatus() {
        upstream.setDefault(UpstreamBehavior.failing(503, ""));
        BackendFailure f = failed(backend().chat(ask("hi"), ChatStream.DISCARD));
        assertThat(f.kind()).isIn(BackendFailure.Kind.SERVER_ERROR, BackendFailure.Kind.OVERLOADED);
        assertThat(f.upstreamStatus()).contains(503);
        assertThat(f.retryable()).isTrue();
    }

    @Test
    void reportsRateLimitsWithRetryAfter() {
        upstream.setDefault(UpstreamBehavior.rateLimited("7"));
        BackendFailure f = failed(backend().chat(ask("hi").withStream(true, false), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.RATE_LIMITED);
        assertThat(f.upstreamStatus()).contains(429);
        assertThat(f.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(f.retryable()).isTrue();
    }

    @Test
    void reportsClientErrorsWithTheUpstreamsMessage() {
        upstream.setDefault(UpstreamBehavior.failing(400, ""));
        BackendFailure f = failed(backend().chat(ask("hi"), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.CLIENT_ERROR);
        assertThat(f.upstreamStatus()).contains(400);
        assertThat(f.message()).contains("fake upstream answered 400");
        assertThat(f.retryable()).isFalse();
    }

    @Test
    void reportsMalformedAnswersAsProtocolErrors() {
        upstream.setDefault(UpstreamBehavior.malformedJson());
        BackendFailure f = failed(backend().chat(ask("hi"), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.PROTOCOL);
    }

    @Test
    void clientThatGoesAwayCancelsTheUpstream() throws InterruptedException {
        upstream.setDefault(UpstreamBehavior.paced(Duration.ofMillis(30)));
        String longPrompt = "word ".repeat(200).strip();
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        BackendFailure f = failed(backend().chat(ask(longPrompt).withStream(true, false), chunk -> {
            chunks.add(chunk);
            return chunks.size() < 3;
        }));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.CANCELLED);
        assertThat(chunks).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("returns without reading the rest").isLessThan(Duration.ofSeconds(3));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (upstream.clientAborts() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(upstream.clientAborts()).as("the upstream saw the connection close").isEqualTo(1);
        assertThat(upstream.completedStreams()).isZero();
    }

    @Test
    void streamDroppedMidwayIsBrokenAfterChunksWentOut() {
        upstream.setDefault(UpstreamBehavior.droppingAfter(3));
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        BackendFailure f = failed(backend().chat(ask("one two three four five").withStream(true, false), chunks::add));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.STREAM_BROKEN);
        assertThat(chunks).isNotEmpty();
        assertThat(f.streamStarted()).isTrue();
        assertThat(f.retryable()).isFalse();
    }

    @Test
    void streamEndingWithoutItsClosingEventIsBroken() {
        upstream.setDefault(UpstreamBehavior.endingWithoutDone());
        BackendFailure f = failed(backend().chat(ask("one two").withStream(true, false), ChatStream.DISCARD));
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.STREAM_BROKEN);
    }

    @Test
    void probesTheUpstream() {
        Backend b = backend();
        assertThat(b.probe()).isTrue();
        upstream.setModelsStatus(503);
        assertThat(b.probe()).isFalse();
    }

    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}";

    protected ChatRequest askWithWeatherTool(String text, boolean stream) {
        ChatRequest base = ask(text);
        return new ChatRequest(base.model(), base.messages(), base.params(),
                List.of(new ToolDefinition("get_weather", "Weather for a city", WEATHER_SCHEMA)), Optional.empty(), Optional.empty(),
                stream, false, Optional.empty(), Map.of(), Map.of());
    }

    @Test
    void makesToolCallsAndTakesTheirResultsBack() {
        ChatRequest first = askWithWeatherTool("please get_weather for Paris", false);
        ChatResponse r = completed(backend().chat(first, ChatStream.DISCARD));
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("tool_calls");
        ToolCall call = r.choices().getFirst().message().toolCalls().getFirst();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.argumentsJson()).isEqualTo("{\"text\":\"please get_weather for Paris\"}");
        assertThat(call.id()).isNotBlank();
        List<ChatMessage> turn = new ArrayList<>(first.messages());
        turn.add(new ChatMessage(Role.ASSISTANT, List.of(), false, Optional.empty(), List.of(call), Optional.empty()));
        turn.add(new ChatMessage(Role.TOOL, List.of(new ContentPart.Text("sunny and 21 C")), false, Optional.empty(), List.of(),
                Optional.of(call.id())));
        ChatResponse second = completed(backend().chat(first.withMessages(turn), ChatStream.DISCARD));
        assertThat(second.text()).isEqualTo("Tool said: sunny and 21 C");
        assertThat(second.choices().getFirst().finishReason()).isEqualTo("stop");
    }

    @Test
    void streamsToolCallFragmentsThatAssembleIntoTheCall() {
        List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
        ChatResponse r = completed(backend().chat(askWithWeatherTool("get_weather in Oslo", true), chunks::add));
        List<ChatChunk.ToolCallDelta> fragments = chunks.stream().flatMap(c -> c.choices().stream())
                .flatMap(d -> d.toolCalls().stream()).toList();
        assertThat(fragments.size()).isGreaterThanOrEqualTo(2);
        assertThat(fragments.getFirst().name()).contains("get_weather");
        StringBuilder args = new StringBuilder();
        fragments.forEach(f -> args.append(f.argumentsFragment()));
        assertThat(args.toString()).isEqualTo("{\"text\":\"get_weather in Oslo\"}");
        ToolCall call = r.choices().getFirst().message().toolCalls().getFirst();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.argumentsJson()).isEqualTo(args.toString());
        assertThat(r.choices().getFirst().finishReason()).isEqualTo("tool_calls");
    }
}
