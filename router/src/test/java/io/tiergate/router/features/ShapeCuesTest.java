package io.tiergate.router.features;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ShapeCuesTest {
    private static List<String> lowerWords(String s) {
        return ShapeCues.words(s.toLowerCase(Locale.ROOT));
    }

    @Test
    void wordsSplitOnHyphensAndKeepApostrophesInside() {
        assertThat(ShapeCues.words("Don't trade-off 'quoted' x2")).containsExactly("Don't", "trade", "off", "quoted", "x2");
    }

    @Test
    void codeKeywordsAreCaseSensitiveSoProseDoesNotCount() {
        String prose = "From where I stand, Let me bring the Class notes. Where to? Select one.";
        String sql = "SELECT name FROM users WHERE id = 3;\nprintln(x) -> y :: z\n#include <stdio.h>\n```";
        assertThat(ShapeCues.code(prose, ShapeCues.words(prose))).isZero();
        // SELECT FROM WHERE println, ";" at a line end, "->", "::", "#include", the fence
        assertThat(ShapeCues.code(sql, ShapeCues.words(sql))).isEqualTo(9);
        assertThat(ShapeCues.code("<div>hi</div>", List.of())).isEqualTo(2);
    }

    @Test
    void mathCountsWordsPhrasesSymbolsLatexAndArithmetic() {
        String text = "solve: how many apples? \\frac{1}{2} ≤ x and 3 + 4";
        // solve, how many, \frac, ≤, 3 + 4
        assertThat(ShapeCues.math(text, lowerWords(text))).isEqualTo(5);
        assertThat(ShapeCues.math("say hello", lowerWords("say hello"))).isZero();
    }

    @Test
    void numbersIgnoreDigitsGluedToLetters() {
        assertThat(ShapeCues.numbers("pay $4.20 for 1,250 items, -3 or 12%")).isEqualTo(4);
        assertThat(ShapeCues.numbers("x2 and a1b2 and var_3")).isZero();
    }

    @Test
    void multiStepAndConstraintPhrases() {
        assertThat(ShapeCues.multiStep(lowerWords("Walk me through it step by step: first add, then divide. Why?"))).isEqualTo(4);
        assertThat(ShapeCues.multiStep(lowerWords("first " + "word ".repeat(30) + "then"))).isZero();
        assertThat(ShapeCues.constraints(lowerWords("At most 3 bullet points, no more than 50 words; do not use JSON")))
                .isEqualTo(6);
    }
}
