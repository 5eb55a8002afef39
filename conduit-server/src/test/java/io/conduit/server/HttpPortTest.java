package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conduit.core.runtime.ChannelState;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.hl7v2.mllp.MllpClient;
import io.conduit.server.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's HTTP port against a real engine, over real HTTP on an ephemeral port: what a load
 * balancer's probes and a Prometheus scrape see.
 */
class HttpPortTest {

    private static final HttpSettings EPHEMERAL = new HttpSettings(true, "127.0.0.1", 0);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    @Test
    void liveAndReady_answer200_whileTheEngineRuns() throws Exception {
        EngineHarness h = harness(0);
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                HttpResponse<String> live = get(http, "/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

                HttpResponse<String> ready = get(http, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
            }
        }
    }

    @Test
    void ready_answers503Problem_namingTheChannel_whenAChannelFailedToStart() throws Exception {
        // Another process holds the channel's MLLP port: the channel cannot bind and fails to start.
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            EngineHarness h = harness(taken.getLocalPort());
            try (h) {
                assertThatThrownBy(h::start).hasMessageContaining("channel feed");
                assertThat(h.channel("feed").state()).isEqualTo(ChannelState.FAILED);
                try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                    HttpResponse<String> ready = get(http, "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    assertThat(ready.body())
                            .contains("\"type\":\"urn:conduit:problem:not-ready\"")
                            .contains("\"title\":\"Not ready\"")
                            .contains("\"status\":503")
                            .contains("\"detail\":\"channel feed failed to start (see the engine log)\"");
                    assertThat(get(http, "/health/live").statusCode()).as("the process still lives").isEqualTo(200);
                }
            }
        }
    }

    @Test
    void oneChannelFailingToStart_leavesTheOthersRunning_andReadinessSaysWhich() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            EngineHarness h = harness(taken.getLocalPort());
            h.channel("other", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: 0}
                    destinations: [{name: out, type: file, directory: other}]
                    """);
            try (h) {
                h.start();
                assertThat(h.channel("feed").state()).isEqualTo(ChannelState.FAILED);
                assertThat(h.channel("feed").failure()).isPresent();
                assertThat(h.channel("other").state()).isEqualTo(ChannelState.STARTED);
                send(h.port("other"), "STILL-1");
                try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                    HttpResponse<String> ready = get(http, "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("channel feed failed to start");
                }
            }
        }
    }

    @Test
    void ready_answers503Problem_whenTheStoreIsClosed() throws Exception {
        EngineHarness h = harness(0);
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                h.engine.store().close();
                HttpResponse<String> ready = get(http, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(ready.body()).contains("\"status\":503").contains("the message store is unreachable")
                        .contains("closed");
            }
        }
    }

    @Test
    void metrics_countReceivedMessages_andShowQueueDepth_andJvm() throws Exception {
        int deadPort = EngineHarness.freePort();
        EngineHarness h = new EngineHarness(temp);
        // The peer is down and retries are far apart, so every accepted message stays queued.
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: peer
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    onError: retry
                    retry: {maxAttempts: 100, initialDelay: 1h, maxDelay: 1h}
                """.formatted(deadPort));
        int n = 3;
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                for (int i = 0; i < n; i++) {
                    assertThat(send(h.port("feed"), "MET-" + i)).contains("MSA|AA|MET-" + i);
                }
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    HttpResponse<String> metrics = get(http, "/metrics");
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
                    assertThat(metrics.body())
                            .contains("conduit_messages_received_total{channel=\"feed\"} " + n + ".0")
                            .contains("conduit_messages_filtered_total{channel=\"feed\"} 0.0")
                            .contains("conduit_messages_errored_total{channel=\"feed\"} 0.0")
                            .contains("conduit_deliveries_sent_total{channel=\"feed\"} 0.0")
                            .contains("conduit_queue_depth{channel=\"feed\",destination=\"peer\"} " + n + ".0");
                });
                String body = get(http, "/metrics").body();
                assertThat(body).contains("# TYPE conduit_messages_received_total counter")
                        .contains("# TYPE conduit_queue_depth gauge")
                        .contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads").contains("jvm_gc_");
                assertThat(body).as("no message content or control id in metrics").doesNotContain("MET-");
            }
        }
    }

    @Test
    void metrics_haveDeliveryLatencyPerDestination_andStoreCommitTimings() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("lat", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations: [{name: out, type: file, directory: out}]
                """);
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                for (int i = 1; i <= 4; i++) {
                    send(h.port("lat"), "LAT-" + i);
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> h.channel("lat").counters().sent() == 4);
                String metrics = get(http, "/metrics").body();
                assertThat(metrics)
                        .contains("conduit_delivery_latency_seconds_count{channel=\"lat\",destination=\"out\"} 4")
                        .contains("conduit_delivery_latency_seconds_bucket{channel=\"lat\",destination=\"out\",le=")
                        .containsPattern("conduit_store_commit_seconds_count [1-9]");
            }
        }
    }

    @Test
    void metrics_followAChannelReplacedByRedeploy() throws Exception {
        EngineHarness h = harness(0);
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                send(h.port("feed"), "OLD-1");
                send(h.port("feed"), "OLD-2");
                assertThat(get(http, "/metrics").body()).contains("conduit_messages_received_total{channel=\"feed\"} 2.0");

                Files.writeString(h.configDir.resolve("channels/feed.yaml"), feed(0) + "# changed\n");
                assertThat(h.engine.redeploy().redeployed()).containsExactly("feed");
                send(h.port("feed"), "NEW-1");
                // The new version carries the old one's totals: a redeploy is not a counter reset.
                assertThat(get(http, "/metrics").body()).contains("conduit_messages_received_total{channel=\"feed\"} 3.0");
            }
        }
    }

    @Test
    void unknownPath_answers404ProblemDocument_notHtml() throws Exception {
        EngineHarness h = harness(0);
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                HttpResponse<String> missing = get(http, "/no/such/thing");
                assertThat(missing.statusCode()).isEqualTo(404);
                assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(missing.body()).startsWith("{").contains("\"type\":\"about:blank\"").contains("\"title\":\"Not Found\"")
                        .contains("\"status\":404").contains("\"detail\":").doesNotContain("<html").doesNotContain("Exception");

                HttpResponse<String> wrongMethod = CLIENT.send(request(http, "/health/live")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(wrongMethod.statusCode()).isEqualTo(405);
                assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(wrongMethod.body()).contains("\"status\":405");
            }
        }
    }

    @Test
    void everyResponse_carriesSecurityHeaders() throws Exception {
        EngineHarness h = harness(0);
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, EPHEMERAL)) {
                for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/nowhere"}) {
                    HttpResponse<String> response = get(http, path);
                    assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
                    assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                    assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue("default-src 'none'; frame-ancestors 'none'");
                    assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
                }
                // The dashboard may run its own scripts and styles, and nothing inline or from elsewhere.
                HttpResponse<String> dashboard = get(http, "/ui/");
                assertThat(dashboard.statusCode()).isEqualTo(200);
                assertThat(dashboard.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
                assertThat(dashboard.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                        .startsWith("default-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe"));
                assertThat(get(http, "/api/v1/channels").headers().firstValue("Content-Security-Policy"))
                        .hasValue("default-src 'none'; frame-ancestors 'none'");
                // A URI so malformed that Jetty answers before any route: still a problem document, still the headers.
                String raw = rawRequest(http.port(), "GET /%%bad HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertThat(raw).startsWith("HTTP/1.1 400").contains("X-Content-Type-Options: nosniff")
                        .contains("X-Frame-Options: DENY").contains("Content-Security-Policy: default-src 'none'")
                        .contains("Cache-Control: no-store").contains("Content-Type: application/problem+json")
                        .contains("\"status\":400").doesNotContain("<html");
            }
        }
    }

    @Test
    void portInUse_isReportedAsIOException_namingTheSetting() throws Exception {
        EngineHarness h = harness(0);
        try (h; ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            h.start();
            assertThatThrownBy(() -> HttpServer.start(h.engine, new HttpSettings(true, "127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot open the HTTP port on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("http.port");
        }
    }

    private EngineHarness harness(int mllpPort) throws IOException {
        return new EngineHarness(temp).channel("feed", feed(mllpPort));
    }

    private static String feed(int mllpPort) {
        return """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                destinations:
                  - {name: out, type: file, directory: out}
                """.formatted(mllpPort);
    }

    static HttpResponse<String> get(HttpServer http, String path) throws IOException, InterruptedException {
        return CLIENT.send(request(http, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(HttpServer http, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private static String rawRequest(int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String send(int port, String controlId) throws IOException {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
        }
    }
}
