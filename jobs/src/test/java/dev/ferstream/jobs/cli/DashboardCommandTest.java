package dev.ferstream.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web view's command-line wiring: {@code dashboard} exists, and {@code demo} has {@code --web-port}. */
class DashboardCommandTest {
    private static String usage(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = JobsCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(args));
        return out.toString();
    }

    @Test
    void dashboardAndDemoOfferTheWebView() {
        String dashboard = usage("dashboard", "--help");
        assertTrue(dashboard.contains("--bootstrap-servers") && dashboard.contains("--port") && dashboard.contains("--from"), dashboard);
        String demo = usage("demo", "--help");
        assertTrue(demo.contains("--web-port"), demo);
    }

    @Test
    void dashboardRejectsAnUnknownStartingPoint() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = JobsCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("dashboard", "--bootstrap-servers", "127.0.0.1:1", "--from", "yesterday", "--port", "0"));
        assertTrue(err.toString().contains("--from must be earliest or latest"), err.toString());
    }
}
