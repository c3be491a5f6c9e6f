package io.tiergate.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One snippet per Jinjava gap we fix, rendered by Python's jinja2 in Hugging Face's environment
 * (template/jinja2-snippets.json: snippet and jinja2's output) and by us: escapes, {{- -}}, comments,
 * not/namespace precedence, reversed slices, loop.previtem/nextitem, dict iteration, |items, |string,
 * tojson options and Python str methods.
 */
class JinjaCompatibilityTest {

    @Test
    void snippetsRenderAsInJinja2() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(ChatTemplateReferenceTest.resource("/template/jinja2-snippets.json"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("b", 1);
        List<Object> a = new ArrayList<>();
        a.add(true);
        a.add(null);
        a.add("q'x");
        d.put("a", a);
        d.put("c", Map.of("z", 1.5));
        Map<String, Object> vars = Map.of("d", d, "a", "A", "ms", List.of("m1", "m2", "m3"));
        List<String> wrong = new ArrayList<>();
        for (JsonNode c : cases) {
            String snippet = c.get(0).asText();
            String want = c.get(1).asText();
            String got;
            try {
                got = ChatTemplate.of(snippet, "", "").renderMaps(List.of(Map.of("role", "user", "content", "x")), List.of(), false, vars);
            } catch (RuntimeException e) {
                got = e.toString();
            }
            if (!want.equals(got)) wrong.add(snippet + "\n   jinja2: [" + want + "]\n   ours:   [" + got + "]");
        }
        assertThat(wrong).isEmpty();
    }
}
