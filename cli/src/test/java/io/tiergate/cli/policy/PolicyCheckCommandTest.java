package io.tiergate.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCheckCommandTest {
    @TempDir
    Path dir;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        PolicyCheckCommand check = cl.getSubcommands().get("policy").getSubcommands().get("check").getCommand();
        check.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return cl.execute(args);
    }

    @Test
    void printsFindingsMaskedPreviewAndTheDefaultDecision() {
        int code = run("", "policy", "check", "Mail jane.roe@shop.io, card 4111-1111-1111-1111.");
        assertThat(code).isZero();
        assertThat(out.toString()).contains(
                "policy: cloud-if-clean (mode cloud-if-clean, on-sensitive route-local)",
                "findings: 2",
                "email            chars 5-21",
                "payment_card     chars 28-47",
                "masked: Mail [EMAIL_1], card [PAYMENT_CARD_1].",
                "decision: allowed on in-process, lan — found email, payment_card: in-process and LAN tiers only");
    }

    @Test
    void namedPolicyDecidesAndCleanTextMayGoToCloud() {
        assertThat(run("", "policy", "check", "--policy", "cloud-allowed", "What", "is", "2+2?")).isZero();
        assertThat(out.toString()).contains("findings: 0", "decision: allowed on in-process, lan, cloud").doesNotContain("masked:");
        assertThat(run("", "policy", "check", "--policy", "sovereign", "What is 2+2?")).isZero();
        assertThat(out.toString()).contains("decision: allowed on in-process, lan — sovereign");
    }

    @Test
    void readsStdinWhenNoTextIsGiven() {
        assertThat(run("ssn 123-45-6789\n", "policy", "check", "--policy", "mask")).isZero();
        assertThat(out.toString()).contains("us_ssn", "chars 4-15", "(masked)")
                .contains("masked: ssn [US_SSN_1]" + System.lineSeparator() + "decision:"); // the piped line break is dropped
    }

    @Test
    void configuredDenyPolicyWithCustomDetectorExitsOneWithoutShowingValues() throws Exception {
        Path config = dir.resolve("tiergate.yaml");
        Files.writeString(config, """
                server: {port: 0}
                policy:
                  default-policy: strict
                  policies:
                    strict:
                      mode: cloud-if-clean
                      on-sensitive: deny
                      detectors:
                        - type: project_codename
                          keywords: [bluebird]
                  attach:
                    teams: {finance: sovereign}
                """);
        assertThat(run("", "policy", "check", "--config", config.toString(), "Bluebird launch, ping ops@corp.io")).isEqualTo(1);
        assertThat(out.toString()).contains("policy: strict", "project_codename", "email",
                "decision: denied (403 policy_denied) — sensitive data found (email, project_codename)");
        assertThat(out.toString().replace("masked: [PROJECT_CODENAME_1] launch, ping [EMAIL_1]", ""))
                .doesNotContain("ops@corp.io").doesNotContainIgnoringCase("bluebird");

        assertThat(run("", "policy", "check", "--config", config.toString(), "--team", "finance", "hello")).isZero();
        assertThat(out.toString()).contains("policy: sovereign");
    }

    @Test
    void unknownPolicyAndBadConfigAreClearErrors() throws Exception {
        assertThat(run("", "policy", "check", "--policy", "nope", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy 'nope'", "cloud-allowed", "sovereign");

        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "policy:\n  policies:\n    p: {mode: sovereign, colour: red}\n");
        assertThat(run("", "policy", "check", "--config", config.toString(), "x")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid configuration", "colour");

        Files.writeString(config, "policy:\n  policies:\n    p: {mode: offshore}\n");
        assertThat(run("", "policy", "check", "--config", config.toString(), "x")).isEqualTo(2);
        assertThat(err.toString()).contains("offshore");
    }
}
