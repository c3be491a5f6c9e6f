package io.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactorTest {
    @Test
    void masksEveryBuiltInFinding() {
        String prompt = "User jane.roe@shop.io (+44 20 7946 0958) paid 4111 1111 1111 1111 from 10.2.3.4 using "
                + "OPENAI_API_KEY=sk-proj-aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1x";
        assertThat(LogRedactor.redact(prompt)).isEqualTo("User [EMAIL_1] ([PHONE_NUMBER_1]) paid [PAYMENT_CARD_1] from "
                + "[IP_ADDRESS_1] using OPENAI_API_KEY=[SECRET_1]");
    }

    @Test
    void leavesCleanTextAlone() {
        assertThat(LogRedactor.redact("Summarise version 1.2.3 notes")).isEqualTo("Summarise version 1.2.3 notes");
        assertThat(LogRedactor.redact("")).isEmpty();
    }
}
