package io.tiergate.cli.config;

import io.tiergate.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tiergate serve} with a bad configuration stops at once, naming the file, the key and the reason. */
class ServeConfigErrorTest {
    @Test
    void invalidConfigurationFailsAtStartUpWithFileKeyAndReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiergate.yaml");
        Files.writeString(file, "server:\n  port: 99999\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("serve", "--config", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid configuration").contains(file.toString()).contains("server")
                .contains("99999 is not a port").doesNotContain("Exception");
    }

    @Test
    void aMissingConfigurationFileIsNamed(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("serve", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.yaml: file not found");
    }
}
