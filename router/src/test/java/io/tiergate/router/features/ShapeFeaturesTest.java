package io.tiergate.router.features;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Role;
import io.tiergate.api.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShapeFeaturesTest {
    private static double feature(String name, RequestText text) {
        return ShapeFeatures.extract(text)[ShapeFeatures.NAMES.indexOf(name)];
    }

    @Test
    void codeMathAndStepsAreSeenWhereTheyAre() {
        RequestText code = RequestText.ofPrompt("Fix this:\n```python\ndef f(x):\n    return x + 1\n```");
        RequestText math = RequestText.ofPrompt("Solve the equation 3x + 5 = 20 and compute the integral of x^2 from 0 to 3.");
        RequestText chat = RequestText.ofPrompt("Say hello to my friend");
        assertThat(feature("code", code)).isGreaterThan(feature("code", chat));
        assertThat(feature("math", math)).isGreaterThan(feature("math", chat));
        assertThat(feature("numbers", math)).isGreaterThan(0);
        assertThat(feature("multi_step", RequestText.ofPrompt("Explain why, step by step, and compare the trade-offs")))
                .isGreaterThan(feature("multi_step", chat));
        assertThat(feature("constraints", RequestText.ofPrompt("Answer in exactly 3 bullet points, no more than 50 words")))
                .isGreaterThan(feature("constraints", chat));
    }

    @Test
    void answerChoicesSplitTheQuestionFromItsOptions() {
        String prompt = "A train travels 120 km in 1.5 h. What is its speed?\nA. 60 km/h\nB. 80 km/h\nC. fast\nD. 90 km/h\nAnswer:";
        assertThat(ShapeFeatures.questionChars(prompt)).isEqualTo(prompt.indexOf("\nA.") + 1);
        assertThat(ShapeFeatures.numericChoiceShare(prompt)).isCloseTo(0.75, within(1e-9));
        assertThat(ShapeFeatures.numericChoiceShare("no choices here")).isZero();
    }

    @Test
    void languageShareCountsLettersOutsideBasicLatin() {
        assertThat(ShapeFeatures.nonEnglishShare("hello world")).isZero();
        assertThat(ShapeFeatures.nonEnglishShare("Привет мир")).isCloseTo(1.0, within(1e-9));
        assertThat(ShapeFeatures.nonEnglishShare("12345 !!")).isZero();
    }

    @Test
    void conversationToolsSchemaAndNonTextPartsComeFromTheRequest() {
        ChatMessage image = new ChatMessage(Role.USER, List.of(new ContentPart.Text("what is in this picture?"),
                new ContentPart.ImageUrl("data:image/png;base64,AAAA", "auto")), true, Optional.empty(), List.of(), Optional.empty());
        ChatRequest request = new ChatRequest("auto", List.of(
                ChatMessage.of(Role.SYSTEM, "You are terse."),
                ChatMessage.of(Role.USER, "first question"),
                ChatMessage.of(Role.ASSISTANT, "first answer"),
                image),
                io.tiergate.api.GenerationParams.defaults(), List.of(new ToolDefinition("lookup", "find things", "{}")),
                Optional.empty(), Optional.of("{\"type\":\"json_schema\",\"json_schema\":{}}"), false, false, Optional.empty(), Map.of(), Map.of());
        RequestText text = RequestText.of(request);
        assertThat(text.lastUser()).isEqualTo("what is in this picture?");
        assertThat(text.nonTextParts()).isEqualTo(1);
        assertThat(feature("conversation_depth", text)).isCloseTo(Math.log1p(2), within(1e-9));
        assertThat(feature("system_prompt", text)).isEqualTo(1.0);
        assertThat(feature("tools", text)).isCloseTo(Math.log1p(1), within(1e-9));
        assertThat(feature("json_schema", text)).isEqualTo(1.0);
        assertThat(feature("non_text_parts", text)).isCloseTo(Math.log1p(1), within(1e-9));
    }

    @Test
    void emptyAndEnormousPromptsGiveFiniteFeatures() {
        double[] empty = ShapeFeatures.extract(RequestText.ofPrompt(""));
        assertThat(empty).hasSize(ShapeFeatures.NAMES.size());
        for (double v : empty) assertThat(v).isFinite();
        String huge = "Compute 12 * 34 = ? then explain why. ".repeat(200_000); // ~7.6 M characters
        double[] big = ShapeFeatures.extract(RequestText.ofPrompt(huge));
        for (double v : big) assertThat(v).isFinite();
        assertThat(big[ShapeFeatures.NAMES.indexOf("length")]).isCloseTo(Math.log1p(huge.length() / 4.0), within(1e-9));
    }

    @Test
    void truncationKeepsTheEndAtAWordBoundary() {
        String text = "word ".repeat(1000);
        String cut = MiniLmSentenceEmbedder.truncateStart(text, 16);
        assertThat(cut.length()).isLessThanOrEqualTo(64);
        assertThat(cut).startsWith("word").endsWith("word");
        assertThat(MiniLmSentenceEmbedder.truncateStart("short", 16)).isEqualTo("short");
    }
}
