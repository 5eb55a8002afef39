package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conduit run} as an operator starts it: the HTTP port is printed with the channels and answers probes. */
class RunCommandHttpTest {

    private static final Pattern SETUP_LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/ui/#/setup\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern HTTP_LINE = Pattern.compile("Dashboard on http://127\\.0\\.0\\.1:(\\d+)/ui/ ");

    @TempDir
    Path temp;

    @Test
    void run_withHttpDisabled_saysSo_andOpensNoPort() throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: out, type: file, directory: out}
                """);
        java.nio.file.Files.writeString(h.configDir.resolve("conduit.yaml"),
                "dataDirectory: " + h.dataDir + "\nhttp:\n  enabled: false\n");
        String printed = runUntil(h, "Press Ctrl-C to stop.");
        assertThat(printed).contains("HTTP port disabled (http.enabled: false)").doesNotContain("Dashboard on http://");
    }

    /** Runs {@code conduit run} in a child process until it prints {@code last} (or exits), then stops it. */
    private static String runUntil(EngineHarness h, String last) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.conduit.server.Main", "run", h.configDir.toString()).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                seen.append(line).append('\n');
                if (line.contains(last)) {
                    break;
                }
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return seen.toString();
    }

    @Test
    void run_printsTheBoundHttpPort_whichAnswersLiveness() throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: out, type: file, directory: out}
                """); // the harness's conduit.yaml asks for an ephemeral HTTP port
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.conduit.server.Main", "run", h.configDir.toString()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("run-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        try {
            StringBuilder seen = new StringBuilder();
            int port = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    assertThat(process.isAlive()).as("conduit run exited early:\n" + seen).isTrue();
                    continue;
                }
                seen.append(line).append('\n');
                Matcher m = HTTP_LINE.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as("no HTTP line in:\n" + seen).isPositive();
            assertThat(seen.toString()).contains("Conduit is running.");

            HttpResponse<String> live = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

            // No user exists yet and no CONDUIT_ADMIN_PASSWORD was given: a one-time setup link is printed.
            String link = null;
            while (link == null) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("no setup link after:\n" + seen).isNotNull();
                seen.append(line).append('\n');
                Matcher m = SETUP_LINK.matcher(line);
                if (m.find()) {
                    link = m.group(1);
                }
            }
            assertThat(seen.toString()).doesNotContain("without TLS"); // loopback: no clear-text warning
            HttpResponse<String> setup = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/setup")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + link + "\",\"username\":\"root\","
                            + "\"password\":\"a password from the link\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(setup.statusCode()).as(setup.body()).isEqualTo(201);
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook closes the HTTP port, then the engine
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(5000);
        }
    }
}
