package io.tiergate.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.ToolDefinition;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.tokenizer.Tokenizer;
import jinjava.javax.el.CompositeELResolver;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's own chat template ({@code tokenizer.chat_template}, Hugging Face Jinja) rendered with
 * Jinjava configured like Hugging Face's environment: {@code trim_blocks}, {@code lstrip_blocks},
 * loop controls, {@code raise_exception}, {@code strftime_now}, Python's {@code tojson}, plus the
 * fixes for Jinjava's gaps documented on {@link JinjaSourceRewriter}, {@link PythonStringMethods} and
 * {@link PythonFilters}. Thread-safe.
 *
 * <p>Errors: a conversation the template itself rejects ({@code raise_exception}, e.g. Gemma's
 * "roles must alternate") is the request's fault, {@link InvalidRequestException} (400, param
 * "messages"); a template we cannot render is {@link ChatTemplateException} (500).
 */
public final class ChatTemplate {
    private final String source;
    private final String rewritten;
    private final String bosToken;
    private final String eosToken;
    private final Clock clock;
    private final Jinjava jinjava;

    private ChatTemplate(String source, String bosToken, String eosToken, Clock clock) {
        this.source = source;
        this.rewritten = JinjaSourceRewriter.rewrite(source);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.clock = clock;
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
                .withNestedInterpretationEnabled(false)
                // print dicts and lists as Python does ({'a': 1}), not as Java's toString ({a=1})
                .withLegacyOverrides(LegacyOverrides.newBuilder().withUsePyishObjectMapper(true).build())
                .withElResolver(resolver).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                "strftimeNow", String.class));
        PythonFilters.filters().forEach(jinjava.getGlobalContext()::registerFilter);
        jinjava.getGlobalContext().registerExpTest(new PythonFilters.Iterable());
    }

    /** A template from its Jinja source, with the texts of the BOS and EOS tokens ({@code bos_token}, {@code eos_token}). */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(source, bosToken, eosToken, Clock.systemDefaultZone());
    }

    /** The template of a GGUF file ({@code tokenizer.chat_template}), empty when the file has none. */
    public static Optional<ChatTemplate> fromGguf(GgufMetadata metadata, Tokenizer tokenizer) {
        return metadata.optString("tokenizer.chat_template")
                .map(src -> of(src, tokenizer.bosText(), tokenizer.eosText()));
    }

    /**
     * ChatML ({@code <|im_start|>role\ncontent<|im_end|>\n}), which llama.cpp also falls back to for
     * a model file without a template.
     */
    public static ChatTemplate chatMl() {
        return of("{%- for message in messages %}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
                + "{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}", "", "");
    }

    /** The same template with {@code strftime_now} reading this clock (for reproducible dates). */
    public ChatTemplate withClock(Clock newClock) {
        return new ChatTemplate(source, bosToken, eosToken, newClock);
    }

    public String source() {
        return source;
    }

    /** Renders a conversation; {@code tools} empty means no tools (the variable is left undefined, as Hugging Face passes None). */
    public String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
        return render(messages, tools, addGenerationPrompt, Map.of());
    }

    /** @param extraVariables template switches such as {@code enable_thinking} (Qwen3) */
    public String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt,
                         Map<String, Object> extraVariables) {
        return renderMaps(TemplateMessages.messages(messages), TemplateMessages.tools(tools), addGenerationPrompt, extraVariables);
    }

    /** Renders messages and tools already in Hugging Face's JSON shape (maps, lists, strings, numbers). */
    public String renderMaps(List<Map<String, Object>> messages, List<Map<String, Object>> tools, boolean addGenerationPrompt,
                             Map<String, Object> extraVariables) {
        if (messages.isEmpty()) {
            throw new InvalidRequestException("messages must contain at least one message", "messages");
        }
        Map<String, Object> vars = new HashMap<>(extraVariables);
        vars.put("messages", messages);
        if (!tools.isEmpty()) vars.put("tools", tools);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.put("bos_token", bosToken);
        vars.put("eos_token", eosToken);
        vars.put(TemplateFunctions.CLOCK_VARIABLE, clock);
        // Jinjava keeps functions apart from variables; templates test "strftime_now is defined"
        vars.put("strftime_now", true);
        vars.put("raise_exception", true);
        RenderResult result = jinjava.renderForResult(rewritten, vars);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            Optional<String> raised = raisedMessage(error.getException());
            if (raised.isPresent()) {
                throw new InvalidRequestException("The model's chat template rejected the conversation: " + raised.get(), "messages");
            }
            throw new ChatTemplateException("cannot render the model's chat template at line " + error.getLineno() + ": "
                    + error.getMessage());
        }
        return result.getOutput();
    }

    private static Optional<String> raisedMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateFunctions.RaisedByTemplate r) return Optional.of(r.getMessage());
        }
        return Optional.empty();
    }
}
