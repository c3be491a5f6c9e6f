package io.tiergate.cli.serve;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's own options, refused before anything starts: a clear line and exit code 2, never a stack trace. */
class ServeCommandOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"99999", "-1", "65536"})
    void aPortOutsideTheRangeIsRefusedNamingIt(String port) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ServeCommand()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true))
                .execute("--port", port);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("tiergate: invalid configuration: server.port: " + port + " is not a port (0-65535)")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }
}
