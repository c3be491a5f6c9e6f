package io.tiergate.engine.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopStringMatcherTest {

    @Test
    void holdsBackAPossibleStopUntilItIsSettled() {
        StopStringMatcher m = new StopStringMatcher(List.of("END"));
        assertThat(m.append("hello E")).isEqualTo("hello ");
        assertThat(m.append("x")).isEqualTo("Ex");
        assertThat(m.append(" EN")).isEqualTo(" ");
        assertThat(m.append("D and more")).isEmpty();
        assertThat(m.stopped()).isTrue();
        assertThat(m.text()).isEqualTo("hello Ex ");
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void findsTheEarliestOfSeveralStopsAcrossPieces() {
        StopStringMatcher m = new StopStringMatcher(List.of("\n\n", "User:"));
        StringBuilder out = new StringBuilder(m.append("a"));
        out.append(m.append("b Us"));
        out.append(m.append("er: c\n\nd"));
        assertThat(m.stopped()).isTrue();
        assertThat(out.toString()).isEqualTo("ab ");
        assertThat(m.text()).isEqualTo("ab ");
    }

    @Test
    void flushesHeldBackTextWhenNoStopCame() {
        StopStringMatcher m = new StopStringMatcher(List.of("STOP"));
        assertThat(m.append("ST")).isEmpty();
        assertThat(m.flush()).isEqualTo("ST");
        assertThat(m.text()).isEqualTo("ST");
    }
}
