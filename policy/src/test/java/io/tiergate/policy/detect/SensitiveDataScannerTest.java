package io.tiergate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveDataScannerTest {
    private final SensitiveDataScanner scanner = SensitiveDataScanner.builtIn();

    @Test
    void reportsTypesWithExactOffsets() {
        String text = "Mail jane.roe@shop.io, card 4111-1111-1111-1111.";
        assertThat(scanner.scan(text)).containsExactly(
                new Finding("email", 5, 21),
                new Finding("payment_card", 28, 47));
    }

    @Test
    void overlappingSpansKeepTheEarliestLongest() {
        // The IBAN's digit groups would also pass as a phone number; only the IBAN is reported.
        List<Finding> f = scanner.scan("IBAN DE89 3704 0044 0532 0130 00");
        assertThat(f).containsExactly(new Finding("iban", 5, 32));
    }

    @Test
    void pemKeySpanCoversTheWholeBlock() {
        String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
        assertThat(scanner.scan("key:\n" + key + "\nthanks")).containsExactly(new Finding("private_key", 5, 5 + key.length()));
    }

    @Test
    void spansCoverOnlyTheSensitivePart() {
        assertThat(spans("curl http://10.0.0.5:8080/health and 10.0.0.0/8")).containsExactly("ip_address=10.0.0.5", "ip_address=10.0.0.0");
        assertThat(spans("ping fe80::1%eth0.")).containsExactly("ip_address=fe80::1%eth0");
        assertThat(spans("OPENAI_API_KEY=\"a8f5f167f44f4964e6c998dee827110c\".")).containsExactly("secret=a8f5f167f44f4964e6c998dee827110c");
        assertThat(spans("db: postgres://app:S3cretPw9@db.internal:5432/prod")).containsExactly("secret=S3cretPw9");
        assertThat(spans("My password is Winter2024!")).containsExactly("secret=Winter2024");
        assertThat(spans("Call +1 (555) 010-4477.")).containsExactly("phone_number=+1 (555) 010-4477");
    }

    private List<String> spans(String text) {
        return scanner.scan(text).stream().map(f -> f.type() + "=" + text.substring(f.start(), f.end())).toList();
    }

    @Test
    void findingsNeverCarryTheValue() {
        Finding f = scanner.scan("ssn 123-45-6789").getFirst();
        assertThat(f.toString()).doesNotContain("6789");
    }

    @Test
    void customDetectorsRunAfterBuiltIns() {
        var custom = new SensitiveDataScanner(List.of(new KeywordListDetector("codename", List.of("bluebird")),
                RegexDetector.compile("ticket", "TCK-\\d+")));
        assertThat(custom.scan("Bluebird TCK-42 notbluebird")).containsExactly(
                new Finding("codename", 0, 8), new Finding("ticket", 9, 15));
    }

    @Test
    void maskerNumbersPerTypeAndReusesPlaceholders() {
        SpanMasker masker = new SpanMasker();
        String a = "a@shop.io b@shop.io a@shop.io";
        assertThat(masker.mask(a, scanner.scan(a))).isEqualTo("[EMAIL_1] [EMAIL_2] [EMAIL_1]");
        String b = "again b@shop.io";
        assertThat(masker.mask(b, scanner.scan(b))).isEqualTo("again [EMAIL_2]");
        assertThat(SpanMasker.label("project name")).isEqualTo("PROJECT_NAME");
    }

    @Test
    void checksumsAreRight() {
        assertThat(Checksums.luhn("79927398713")).isTrue();
        assertThat(Checksums.luhn("79927398710")).isFalse();
        assertThat(Checksums.ibanMod97("GB82WEST12345698765432")).isTrue();
        assertThat(Checksums.ibanMod97("GB82WEST12345698765433")).isFalse();
        assertThat(Checksums.entropyBitsPerChar("aaaa")).isZero();
        assertThat(Checksums.entropyBitsPerChar("abcd")).isEqualTo(2.0);
    }

    @Test
    void hostileInputsDoNotHangTheScanner() {
        // Long digit runs, colon runs and '@' runs must not make any pattern backtrack without end.
        // A hang guard only; speed is measured by the JMH benchmark SensitiveDataScanBenchmark.
        String hostile = "1".repeat(20_000) + " " + ":".repeat(5_000) + "@".repeat(5_000) + "+00".repeat(3_000)
                + "a:".repeat(5_000) + "password=" + "x".repeat(10_000) + " 1-".repeat(5_000);
        List<Finding> found = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> scanner.scan(hostile));
        assertThat(found).isEmpty();
    }
}
