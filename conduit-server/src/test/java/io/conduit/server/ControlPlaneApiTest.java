package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.hl7v2.mllp.MllpClient;
import io.conduit.server.ApiClient.Reply;
import io.conduit.server.ApiClient.Session;
import io.conduit.server.auth.Role;
import io.conduit.server.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST API under {@code /api/v1} against one real engine (SQLite store, MLLP sources on
 * ephemeral ports) over real HTTP: every operation of {@code openapi.yaml} with the JSON it
 * answers, bad input, authentication, role checks driven from the document, CSRF, login
 * throttling, the audit trail, metrics and the message operations.
 *
 * <p>One engine serves the whole class, so each test works on its own channel or its own
 * control ids and asserts nothing another test could change.
 */
class ControlPlaneApiTest {

    private static final String ADMIN_PASSWORD = "admin passphrase for tests";
    private static final String PASSWORD = "a long enough passphrase";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger VICTIMS = new AtomicInteger();

    @TempDir
    static Path temp;

    static EngineHarness h;
    static HttpServer http;
    static ApiClient api;
    static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    /** How the audit log names the API token of {@code role}: its name and its id (names need not be unique). */
    static String actor(Role role) {
        String token = TOKENS.get(role);
        return "token:" + role.id() + "-token#" + token.substring(4, token.indexOf('_', 4));
    }
    /** A message of channel feed, delivered to out. */
    static String feedMessage;
    /** A message of channel authz, the target of the role matrix. */
    static String authzMessage;
    /** A bulk-resend job, for GET /api/v1/jobs/{id} in the role matrix. */
    static String authzJob;

    @BeforeAll
    static void startEngineAndPort() throws Exception {
        int deadPort = EngineHarness.freePort();
        h = new EngineHarness(temp);
        for (String name : List.of("feed", "metered", "ops", "authz", "spare", "bulk", "search")) {
            h.channel(name, fileChannel(name));
        }
        // The peer is down and one attempt is all there is: messages reach ERRORED at once.
        h.channel("down", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: peer
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    connectTimeout: 1s
                    retry: {maxAttempts: 1, initialDelay: 100ms, maxDelay: 100ms}
                """.formatted(deadPort));
        // The peer is down and the next attempt is an hour away: messages stay queued.
        h.channel("stuck", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: peer
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    connectTimeout: 1s
                    retry: {maxAttempts: 100, initialDelay: 1h, maxDelay: 1h}
                """.formatted(deadPort));
        h.start();
        http = HttpServer.start(h.engine, new HttpSettings(true, "127.0.0.1", 0),
                name -> name.equals("CONDUIT_ADMIN_PASSWORD") ? ADMIN_PASSWORD : null);
        api = new ApiClient(http.port());

        Session admin = api.login("admin", ADMIN_PASSWORD);
        for (Role role : Role.values()) {
            Reply created = api.call("POST", "/api/v1/tokens").session(admin)
                    .json("{\"name\":\"" + role.id() + "-token\",\"role\":\"" + role.id() + "\"}").send().expect(201);
            TOKENS.put(role, created.json().get("token").asText());
        }
        send("feed", "FEED-1");
        feedMessage = awaitStatus(messageId("feed", "FEED-1"), "SENT");
        send("authz", "AUTHZ-1");
        authzMessage = awaitStatus(messageId("authz", "AUTHZ-1"), "SENT");
        authzJob = as(Role.OPERATOR, "POST", "/api/v1/messages/resend", "{\"channel\":\"authz\",\"max\":1}").expect(202)
                .json().get("job").asText();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (h != null) {
            h.close();
        }
    }

    // ---- session and setup -------------------------------------------------------------------------

    @Test
    void login_answersTheSessionWithCsrfToken_andSetsAStrictHttpOnlyCookie() {
        Reply login = api.call("POST", "/api/v1/session").json("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")
                .send().expect(200);
        assertThat(login.contentType()).startsWith("application/json");
        JsonNode body = login.json();
        assertThat(body.get("username").asText()).isEqualTo("admin");
        assertThat(body.get("role").asText()).isEqualTo("admin");
        assertThat(body.get("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(login.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("conduit_session=").contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Strict")
                .doesNotContain("Secure"));
        assertThat(login.body()).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void session_get_namesTheCaller_withCookieOrBearer_and401WithNeither() {
        Session admin = api.login("admin", ADMIN_PASSWORD);
        JsonNode viaCookie = api.call("GET", "/api/v1/session").cookie(admin.cookie()).send().expect(200).json();
        assertThat(viaCookie.get("username").asText()).isEqualTo("admin");
        assertThat(viaCookie.get("role").asText()).isEqualTo("admin");
        assertThat(viaCookie.get("csrfToken").asText()).isEqualTo(admin.csrf());

        JsonNode viaToken = as(Role.VIEWER, "GET", "/api/v1/session", null).expect(200).json();
        assertThat("token:" + viaToken.get("username").asText()).isEqualTo(actor(Role.VIEWER));
        assertThat(viaToken.get("role").asText()).isEqualTo("viewer");
        assertThat(viaToken.get("csrfToken").isNull()).as("bearer callers need no CSRF token").isTrue();

        api.call("GET", "/api/v1/session").send().expectProblem(401);
    }

    @Test
    void logout_endsTheSession_andNeedsTheCsrfToken() {
        Session admin = api.login("admin", ADMIN_PASSWORD);
        JsonNode refused = api.call("DELETE", "/api/v1/session").cookie(admin.cookie()).send().expectProblem(403);
        assertThat(refused.get("detail").asText()).contains("X-CSRF-Token");
        api.call("GET", "/api/v1/session").cookie(admin.cookie()).send().expect(200);

        Reply out = api.call("DELETE", "/api/v1/session").session(admin).send().expect(204);
        assertThat(out.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("conduit_session=;").contains("Max-Age=0"));
        api.call("GET", "/api/v1/session").cookie(admin.cookie()).send().expectProblem(401);
        api.call("GET", "/api/v1/channels").cookie(admin.cookie()).send().expectProblem(401);
    }

    @Test
    void passwordChange_replacesTheOldPassword_andEndsTheUsersSessions() {
        createUser("dave", "viewer");
        Session dave = api.login("dave", PASSWORD);
        String replacement = "another long passphrase";

        JsonNode wrong = api.call("POST", "/api/v1/session/password").session(dave)
                .json("{\"currentPassword\":\"not my password\",\"newPassword\":\"" + replacement + "\"}").send().expectProblem(400);
        assertThat(wrong.get("field").asText()).isEqualTo("currentPassword");
        JsonNode tooShort = api.call("POST", "/api/v1/session/password").session(dave)
                .json("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}").send().expectProblem(400);
        assertThat(tooShort.get("field").asText()).isEqualTo("newPassword");

        api.call("POST", "/api/v1/session/password").session(dave)
                .json("{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + replacement + "\"}").send().expect(204);
        api.call("GET", "/api/v1/session").cookie(dave.cookie()).send().expectProblem(401);
        api.call("POST", "/api/v1/session").json("{\"username\":\"dave\",\"password\":\"" + PASSWORD + "\"}").send().expectProblem(401);
        assertThat(api.login("dave", replacement).csrf()).isNotEmpty();
    }

    @Test
    void setup_onAFreshEngine_createsTheFirstAdministratorOnce_withTheOneTimeToken() throws Exception {
        EngineHarness fresh = new EngineHarness(Files.createDirectories(temp.resolve("fresh"))).channel("only", fileChannel("only"));
        try (fresh) {
            fresh.start();
            try (HttpServer port = HttpServer.start(fresh.engine, new HttpSettings(true, "127.0.0.1", 0), name -> null)) {
                ApiClient client = new ApiClient(port.port());
                String token = port.setupToken().orElseThrow();
                assertThat(client.call("GET", "/api/v1/setup").send().expect(200).json().get("required").asBoolean()).isTrue();

                JsonNode wrongToken = client.call("POST", "/api/v1/setup")
                        .json("{\"token\":\"guess\",\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}").send().expectProblem(401);
                assertThat(wrongToken.get("field").asText()).isEqualTo("token");
                JsonNode shortPassword = client.call("POST", "/api/v1/setup")
                        .json("{\"token\":\"" + token + "\",\"username\":\"root\",\"password\":\"short\"}").send().expectProblem(400);
                assertThat(shortPassword.get("field").asText()).isEqualTo("password");

                JsonNode created = client.call("POST", "/api/v1/setup")
                        .json("{\"token\":\"" + token + "\",\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}").send().expect(201).json();
                assertThat(created.get("username").asText()).isEqualTo("root");
                assertThat(created.get("role").asText()).isEqualTo("admin");
                assertThat(client.call("GET", "/api/v1/setup").send().expect(200).json().get("required").asBoolean()).isFalse();
                client.call("POST", "/api/v1/setup")
                        .json("{\"token\":\"" + token + "\",\"username\":\"root2\",\"password\":\"" + PASSWORD + "\"}").send().expectProblem(409);
                assertThat(client.login("root", PASSWORD).csrf()).isNotEmpty();
            }
        }
    }

    @Test
    void setup_onAnEngineWithAnAdministrator_isNotRequired() {
        assertThat(api.call("GET", "/api/v1/setup").send().expect(200).json().get("required").asBoolean()).isFalse();
        api.call("POST", "/api/v1/setup").json("{\"token\":\"x\",\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}")
                .send().expectProblem(409);
    }

    // ---- server, channels, queues --------------------------------------------------------------------

    @Test
    void server_describesVersionUptimeStore_andTheConfigDirectoryToAdmins() {
        JsonNode server = as(Role.VIEWER, "GET", "/api/v1/server", null).expect(200).json();
        assertThat(server.get("version").asText()).isNotEmpty();
        assertThat(Instant.parse(server.get("startedAt").asText())).isBefore(Instant.now());
        assertThat(server.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(server.get("store").asText()).isEqualTo("sqlite");
        assertThat(server.has("configDirectory")).as("a path on the server: admins only").isFalse();
        JsonNode forAdmin = as(Role.ADMIN, "GET", "/api/v1/server", null).expect(200).json();
        assertThat(forAdmin.get("configDirectory").asText()).isEqualTo(h.configDir.toAbsolutePath().toString());
    }

    @Test
    void channels_listEveryChannel_withStateCountersAndDestinations() {
        JsonNode channels = as(Role.VIEWER, "GET", "/api/v1/channels", null).expect(200).json();
        assertThat(names(channels)).contains("feed", "metered", "ops", "authz", "spare", "bulk", "search", "down", "stuck");
        JsonNode feed = find(channels, "name", "feed");
        assertThat(feed.get("enabled").asBoolean()).isTrue();
        assertThat(feed.get("file").asText()).endsWith("feed.yaml");
        assertThat(feed.get("listen").asText()).isEqualTo("127.0.0.1:" + h.port("feed"));
        assertThat(feed.get("counters").get("received").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(feed.get("destinations").get(0).get("name").asText()).isEqualTo("out");
    }

    @Test
    void channel_one_showsItsStateAndDestinationQueue() {
        JsonNode stuck = as(Role.VIEWER, "GET", "/api/v1/channels/stuck", null).expect(200).json();
        assertThat(stuck.get("name").asText()).isEqualTo("stuck");
        assertThat(stuck.get("state").asText()).isEqualTo("STARTED");
        assertThat(stuck.get("failure").isNull()).isTrue();
        assertThat(stuck.get("counters").has("received")).isTrue();
        assertThat(stuck.get("counters").has("filtered")).isTrue();
        assertThat(stuck.get("counters").has("sent")).isTrue();
        assertThat(stuck.get("counters").has("errored")).isTrue();
        JsonNode peer = stuck.get("destinations").get(0);
        assertThat(peer.get("name").asText()).isEqualTo("peer");
        assertThat(peer.has("queueDepth")).isTrue();
    }

    @Test
    void pauseResumeStopStart_areReflectedInTheChannelState_andAudited() throws Exception {
        JsonNode paused = as(Role.OPERATOR, "POST", "/api/v1/channels/ops/pause", null).expect(200).json();
        assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
        assertThat(as(Role.VIEWER, "GET", "/api/v1/channels/ops", null).json().get("state").asText()).isEqualTo("PAUSED");
        assertThat(as(Role.OPERATOR, "POST", "/api/v1/channels/ops/resume", null).expect(200).json().get("state").asText())
                .isEqualTo("STARTED");
        send("ops", "OPS-1");
        assertThat(as(Role.OPERATOR, "POST", "/api/v1/channels/ops/stop", null).expect(200).json().get("state").asText())
                .isEqualTo("STOPPED");
        assertThat(as(Role.VIEWER, "GET", "/api/v1/channels/ops", null).json().get("state").asText()).isEqualTo("STOPPED");
        assertThat(as(Role.OPERATOR, "POST", "/api/v1/channels/ops/start", null).expect(200).json().get("state").asText())
                .isEqualTo("STARTED");
        send("ops", "OPS-2");
        assertThat(as(Role.OPERATOR, "POST", "/api/v1/channels/ops/resume", null).expect(200).json().get("state").asText())
                .as("resuming a running channel changes nothing").isEqualTo("STARTED");

        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?channel=ops", null).expect(200).json().get("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> {
            actions.add(e.get("action").asText());
            assertThat(e.get("actor").asText()).isEqualTo(actor(Role.OPERATOR));
            assertThat(e.get("address").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(actions).as("newest first").startsWith("resume", "start", "stop", "resume", "pause");
    }

    @Test
    void retryNow_cutsTheHourLongBackOffShort_andIsAudited() throws Exception {
        send("stuck", "STUCK-RETRY");
        // The first attempt fails at once (nobody listens); the next would come in an hour.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> stuckAttempts() >= 1);
        long before = stuckAttempts();
        Thread.sleep(300);
        assertThat(stuckAttempts()).as("backing off for an hour").isEqualTo(before);

        JsonNode woken = as(Role.OPERATOR, "POST", "/api/v1/channels/stuck/destinations/peer/retry", null).expect(202).json();
        assertThat(woken.get("woken").asBoolean()).isTrue();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> stuckAttempts() > before);
        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?action=retry-now&channel=stuck", null).json().get("items");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo(actor(Role.OPERATOR));
        assertThat(audit.get(0).get("detail").asText()).contains("peer");
    }

    /** Delivery attempts made so far on the stuck channel's messages. */
    private long stuckAttempts() {
        long attempts = 0;
        for (JsonNode m : as(Role.VIEWER, "GET", "/api/v1/messages?channel=stuck", null).json().get("items")) {
            for (JsonNode d : as(Role.VIEWER, "GET", "/api/v1/messages/" + m.get("id").asText(), null).json().get("deliveries")) {
                attempts += d.get("attempts").asLong();
            }
        }
        return attempts;
    }

    @Test
    void queues_showDepthAndOldestOfEveryDestinationQueue() throws Exception {
        send("stuck", "STUCK-1");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode queues = as(Role.VIEWER, "GET", "/api/v1/queues", null).expect(200).json();
            JsonNode stuck = findQueue(queues, "stuck", "peer");
            assertThat(stuck.get("depth").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(Instant.parse(stuck.get("oldestQueuedAt").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(stuck.get("oldestAgeSeconds").asDouble()).isGreaterThanOrEqualTo(0);
            JsonNode feed = findQueue(queues, "feed", "out");
            assertThat(feed.has("depth")).isTrue();
        });
        JsonNode channel = as(Role.VIEWER, "GET", "/api/v1/channels/stuck", null).json();
        assertThat(channel.get("destinations").get(0).get("queueDepth").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(channel.get("destinations").get(0).get("oldestQueuedAt").isNull()).isFalse();
    }

    @Test
    void errored_listsMessagesGivenUp_andResendErroredQueuesThemAgain() throws Exception {
        send("down", "DOWN-1", "DOWN-2");
        String first = messageId("down", "DOWN-1");
        String second = messageId("down", "DOWN-2");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode items = as(Role.VIEWER, "GET", "/api/v1/channels/down/destinations/peer/errored", null).expect(200).json().get("items");
            assertThat(ids(items)).containsExactly(first, second); // oldest first
        });
        JsonNode one = as(Role.VIEWER, "GET", "/api/v1/channels/down/destinations/peer/errored?limit=1", null).expect(200).json();
        assertThat(ids(one.get("items"))).containsExactly(first);
        JsonNode item = one.get("items").get(0);
        assertThat(item.get("channel").asText()).isEqualTo("down");
        assertThat(item.get("status").asText()).isEqualTo("ERRORED");

        JsonNode queued = as(Role.OPERATOR, "POST", "/api/v1/channels/down/destinations/peer/resend-errored", null).expect(200).json();
        assertThat(queued.get("queued").asInt()).isEqualTo(2);
        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?action=resend-errored&channel=down", null).expect(200).json().get("items");
        assertThat(audit).hasSize(1);
        assertThat(strings(audit.get(0).get("messageIds"))).containsExactlyInAnyOrder(first, second);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo(actor(Role.OPERATOR));
    }

    @Test
    void redeploy_afterEditingAChannelFile_redeploysThatChannelOnly_andRefusesABrokenDirectoryWith422() throws Exception {
        Files.writeString(h.configDir.resolve("channels/spare.yaml"), fileChannel("spare-2"));
        JsonNode result = as(Role.ADMIN, "POST", "/api/v1/redeploy", null).expect(200).json();
        assertThat(strings(result.get("redeployed"))).containsExactly("spare");
        assertThat(strings(result.get("deployed"))).isEmpty();
        assertThat(strings(result.get("undeployed"))).isEmpty();
        assertThat(strings(result.get("unchanged"))).contains("feed", "ops", "stuck").doesNotContain("spare");
        assertThat(as(Role.VIEWER, "GET", "/api/v1/channels/spare", null).json().get("state").asText()).isEqualTo("STARTED");

        Path broken = h.configDir.resolve("channels/broken.yaml");
        Files.writeString(broken, BROKEN);
        try {
            JsonNode refused = as(Role.ADMIN, "POST", "/api/v1/redeploy", null).expectProblem(422);
            assertThat(refused.get("type").asText()).isEqualTo("urn:conduit:problem:invalid-config");
            assertBrokenFileProblem(refused.get("problems"));
            as(Role.VIEWER, "GET", "/api/v1/channels/broken", null).expectProblem(404);
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void configValidate_namesFileLineAndFieldOfEachProblem_withoutDeploying() throws Exception {
        JsonNode valid = as(Role.ADMIN, "POST", "/api/v1/config/validate", null).expect(200).json();
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(strings(valid.get("channels"))).contains("feed", "down", "stuck");
        assertThat(valid.get("problems")).isEmpty();

        Path broken = h.configDir.resolve("channels/broken.yaml");
        Files.writeString(broken, BROKEN);
        try {
            JsonNode invalid = as(Role.ADMIN, "POST", "/api/v1/config/validate", null).expect(200).json();
            assertThat(invalid.get("valid").asBoolean()).isFalse();
            assertBrokenFileProblem(invalid.get("problems"));
            as(Role.VIEWER, "GET", "/api/v1/channels/broken", null).expectProblem(404);
        } finally {
            Files.delete(broken);
        }
    }

    // ---- messages ------------------------------------------------------------------------------------

    @Test
    void messages_search_filtersByChannelControlIdStatusAndTime_andPagesWithTheCursor() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        send("search", "SEARCH-1", "SEARCH-2", "SEARCH-3");
        String third = awaitStatus(messageId("search", "SEARCH-3"), "SENT");

        JsonNode page1 = as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&limit=2", null).expect(200).json();
        assertThat(page1.get("items")).hasSize(2);
        assertThat(page1.get("items").get(0).get("id").asText()).as("newest first").isEqualTo(third);
        assertThat(page1.get("next").isNull()).isFalse();
        JsonNode page2 = as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&limit=2&cursor=" + page1.get("next").asText(), null)
                .expect(200).json();
        assertThat(page2.get("items")).hasSize(1);
        assertThat(page2.get("next").isNull()).isTrue();
        assertThat(page2.get("items").get(0).get("id").asText()).isEqualTo(messageId("search", "SEARCH-1"));

        JsonNode byControlId = as(Role.VIEWER, "GET", "/api/v1/messages?controlId=SEARCH-2", null).expect(200).json();
        assertThat(byControlId.get("items")).hasSize(1);
        JsonNode summary = byControlId.get("items").get(0);
        assertThat(summary.get("channel").asText()).isEqualTo("search");
        assertThat(summary.get("dataType").asText()).isEqualTo("hl7v2");
        assertThat(summary.get("size").asInt()).isGreaterThan(100);
        assertThat(summary.get("error").isNull()).isTrue();
        assertThat(summary.get("metadata").isObject()).isTrue();
        assertThat(Instant.parse(summary.get("receivedAt").asText())).isAfter(before);

        assertThat(as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&status=sent&from=" + before, null).json().get("items"))
                .hasSize(3);
        assertThat(as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&to=" + before, null).json().get("items")).isEmpty();
        assertThat(as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&type=ADT%5EA01", null).json().get("items")).hasSize(3);
        assertThat(as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&status=ERRORED", null).json().get("items")).isEmpty();

        // Free text over metadata, case-insensitive, bounded by a time range (or a control or patient id).
        assertThat(as(Role.ANALYST, "GET", "/api/v1/messages?channel=search&text=everywoman&from=" + before, null).json()
                .get("items")).hasSize(3);
        assertThat(as(Role.ANALYST, "GET", "/api/v1/messages?text=search-2&controlId=SEARCH-2", null).json().get("items"))
                .hasSize(1);
        assertThat(as(Role.ANALYST, "GET", "/api/v1/messages?channel=search&text=nobody-by-this-name&from=" + before, null)
                .json().get("items")).isEmpty();
        // It matches patient names, which viewers do not see.
        JsonNode denied = as(Role.VIEWER, "GET", "/api/v1/messages?channel=search&text=everywoman&from=" + before, null)
                .expectProblem(403);
        assertThat(denied.get("field").asText()).isEqualTo("text");
        assertThat(as(Role.ANALYST, "GET", "/api/v1/messages?channel=search&text=x&from=2020-01-01T00:00:00Z", null)
                .expectProblem(400).get("field").asText()).as("at most 31 days of free text").isEqualTo("from");
        // Viewers see the patient id, not the name.
        JsonNode forViewer = as(Role.VIEWER, "GET", "/api/v1/messages?controlId=SEARCH-2", null).json().get("items").get(0);
        assertThat(forViewer.get("metadata").has("patientId")).isTrue();
        assertThat(forViewer.get("metadata").has("patientName")).isFalse();
        assertThat(as(Role.ANALYST, "GET", "/api/v1/messages?controlId=SEARCH-2", null).json().get("items").get(0)
                .get("metadata").get("patientName").asText()).startsWith("EVERYWOMAN");
    }

    @Test
    void message_detail_showsHistoryDeliveriesAndTheContentsThatCanBeViewed() {
        JsonNode detail = as(Role.VIEWER, "GET", "/api/v1/messages/" + feedMessage, null).expect(200).json();
        assertThat(detail.get("id").asText()).isEqualTo(feedMessage);
        assertThat(detail.get("channel").asText()).isEqualTo("feed");
        assertThat(detail.get("status").asText()).isEqualTo("SENT");
        assertThat(detail.get("origin").asText()).isNotEmpty();
        assertThat(detail.get("charset").asText()).isNotEmpty();
        assertThat(detail.get("parent").isNull()).isTrue();
        assertThat(detail.get("children").isArray()).isTrue();
        List<String> stages = new ArrayList<>();
        detail.get("stages").forEach(s -> stages.add(s.get("stage").asText()));
        assertThat(stages).contains("RECEIVED", "SENT");
        JsonNode delivery = detail.get("deliveries").get(0);
        assertThat(delivery.get("destination").asText()).isEqualTo("out");
        assertThat(delivery.get("status").asText()).isEqualTo("SENT");
        assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
        List<String> contents = new ArrayList<>();
        detail.get("contents").forEach(c -> contents.add(c.get("kind").asText() + "/" + c.get("destination").asText()));
        assertThat(contents).contains("received/", "sent/out");
        assertThat(detail.get("metadata").get("controlId").asText()).isEqualTo("FEED-1");
        assertThat(detail.toString()).as("metadata, not content").doesNotContain("HOME STREET").doesNotContain("MSH|");
    }

    @Test
    void content_asAnalyst_answersTextAndHl7Rows_andWritesAViewContentAuditEntry() {
        JsonNode content = as(Role.ANALYST, "GET", "/api/v1/messages/" + feedMessage + "/content", null).expect(200).json();
        assertThat(content.get("kind").asText()).isEqualTo("received");
        assertThat(content.get("destination").asText()).isEmpty();
        assertThat(content.get("dataType").asText()).isEqualTo("hl7v2");
        assertThat(content.get("text").asText()).startsWith("MSH|").contains("|FEED-1|").contains("EVERYWOMAN");
        boolean familyName = false;
        for (JsonNode row : content.get("hl7")) {
            familyName |= row.get("segment").asText().equals("PID") && row.get("field").asInt() == 5
                    && row.get("value").asText().equals("EVERYWOMAN");
        }
        assertThat(familyName).as("PID-5 in the rows: %s", content.get("hl7")).isTrue();

        JsonNode sent = as(Role.ANALYST, "GET", "/api/v1/messages/" + feedMessage + "/content?kind=sent&destination=out", null)
                .expect(200).json();
        assertThat(sent.get("kind").asText()).isEqualTo("sent");
        assertThat(sent.get("text").asText()).contains("|FEED-1|");

        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?action=view-content&messageId=" + feedMessage + "&actor=" + java.net.URLEncoder.encode(actor(Role.ANALYST), java.nio.charset.StandardCharsets.UTF_8),
                null).expect(200).json().get("items");
        assertThat(audit).hasSizeGreaterThanOrEqualTo(2);
        JsonNode newest = audit.get(0);
        assertThat(newest.get("actor").asText()).isEqualTo(actor(Role.ANALYST));
        assertThat(newest.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(newest.get("channel").asText()).isEqualTo("feed");
        assertThat(strings(newest.get("messageIds"))).containsExactly(feedMessage);
        assertThat(newest.get("detail").asText()).contains("sent content of destination out");
        assertThat(audit.toString()).as("the audit log holds no content").doesNotContain("EVERYWOMAN");
    }

    @Test
    void content_asViewer_isForbidden_andNotAudited() {
        JsonNode problem = as(Role.VIEWER, "GET", "/api/v1/messages/" + authzMessage + "/content", null).expectProblem(403);
        assertThat(problem.get("detail").asText()).contains("analyst");
        assertThat(as(Role.ADMIN, "GET", "/api/v1/audit?action=view-content&actor=" + java.net.URLEncoder.encode(actor(Role.VIEWER), java.nio.charset.StandardCharsets.UTF_8), null).json().get("items"))
                .isEmpty();
    }

    @Test
    void resend_oneMessageToOneDestination_queuesItAgain_andIsAudited() throws Exception {
        send("feed", "RESEND-1");
        String id = awaitStatus(messageId("feed", "RESEND-1"), "SENT");
        JsonNode queued = as(Role.OPERATOR, "POST", "/api/v1/messages/" + id + "/resend", "{\"destination\":\"out\"}").expect(200).json();
        assertThat(strings(queued.get("queuedFor"))).containsExactly("out");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> stages = new ArrayList<>();
            as(Role.VIEWER, "GET", "/api/v1/messages/" + id, null).json().get("stages").forEach(s -> stages.add(s.get("stage").asText()));
            assertThat(stages).containsSubsequence("SENT", "RESENT", "SENT");
        });
        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?action=resend&messageId=" + id, null).json().get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("channel").asText()).isEqualTo("feed");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo(actor(Role.OPERATOR));

        JsonNode unknown = as(Role.OPERATOR, "POST", "/api/v1/messages/" + id + "/resend", "{\"destination\":\"nowhere\"}").expectProblem(409);
        assertThat(unknown.get("field").asText()).isEqualTo("destination");
    }

    @Test
    void reprocess_runsTheMessageAgain_asANewMessageWhoseParentIsTheOriginal() throws Exception {
        send("feed", "REPRO-1");
        String original = awaitStatus(messageId("feed", "REPRO-1"), "SENT");
        JsonNode created = as(Role.OPERATOR, "POST", "/api/v1/messages/" + original + "/reprocess", null).expect(201).json();
        String copy = created.get("id").asText();
        assertThat(copy).isNotEqualTo(original).hasSize(13);
        assertThat(created.get("status").asText()).isIn("RECEIVED", "QUEUED", "SENT");
        assertThat(created.has("error")).isFalse();

        JsonNode detail = as(Role.VIEWER, "GET", "/api/v1/messages/" + copy, null).expect(200).json();
        assertThat(detail.get("parent").asText()).isEqualTo(original);
        assertThat(detail.get("channel").asText()).isEqualTo("feed");
        assertThat(strings(as(Role.VIEWER, "GET", "/api/v1/messages/" + original, null).json().get("children"))).containsExactly(copy);
        awaitStatus(copy, "SENT");
        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?action=reprocess&messageId=" + original, null).json().get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo(actor(Role.OPERATOR));
    }

    @Test
    void bulkResend_startsAJob_thatReachesDoneWithTotalAndDoneCounts() throws Exception {
        send("bulk", "BULK-1", "BULK-2", "BULK-3");
        awaitStatus(messageId("bulk", "BULK-3"), "SENT");
        awaitStatus(messageId("bulk", "BULK-1"), "SENT");
        String job = as(Role.OPERATOR, "POST", "/api/v1/messages/resend", "{\"channel\":\"bulk\",\"destination\":\"out\"}").expect(202)
                .json().get("job").asText();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                as(Role.OPERATOR, "GET", "/api/v1/jobs/" + job, null).expect(200).json().get("state").asText().equals("DONE"));
        JsonNode done = as(Role.OPERATOR, "GET", "/api/v1/jobs/" + job, null).json();
        assertThat(done.get("id").asText()).isEqualTo(job);
        assertThat(done.get("kind").asText()).isEqualTo("bulk-resend");
        assertThat(done.get("startedBy").asText()).isEqualTo(actor(Role.OPERATOR));
        assertThat(done.get("total").asInt()).isEqualTo(3);
        assertThat(done.get("done").asInt()).isEqualTo(3);
        assertThat(done.get("failed").asInt()).isZero();
        assertThat(done.get("errors")).isEmpty();
        assertThat(Instant.parse(done.get("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(done.get("startedAt").asText()));
        assertThat(as(Role.ADMIN, "GET", "/api/v1/audit?action=resend&channel=bulk", null).json().get("items")).hasSize(3);
    }

    // ---- audit ---------------------------------------------------------------------------------------

    @Test
    void loginsFailedLoginsTokenAndUserCreation_areAudited() {
        api.login("admin", ADMIN_PASSWORD);
        api.call("POST", "/api/v1/session").json("{\"username\":\"nobody-at-all\",\"password\":\"attempted-secret\"}").send()
                .expectProblem(401);
        createUser("frank", "analyst");

        JsonNode login = as(Role.ADMIN, "GET", "/api/v1/audit?action=login&actor=admin&limit=1", null).expect(200).json();
        assertThat(login.get("items").get(0).get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(login.get("items").get(0).get("detail").asText()).contains("admin");
        JsonNode failed = as(Role.ADMIN, "GET", "/api/v1/audit?action=login-failed&actor=nobody-at-all", null).json().get("items");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("detail").asText()).isEqualTo("wrong user name or password");
        assertThat(failed.toString()).doesNotContain("attempted-secret");

        JsonNode tokens = as(Role.ADMIN, "GET", "/api/v1/audit?action=token-create&actor=admin", null).json().get("items");
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(4);
        assertThat(tokens.toString()).contains("'viewer-token' created as viewer").doesNotContain(TOKENS.get(Role.VIEWER));
        JsonNode users = as(Role.ADMIN, "GET", "/api/v1/audit?action=user-create&actor=" + java.net.URLEncoder.encode(actor(Role.ADMIN), java.nio.charset.StandardCharsets.UTF_8), null).json().get("items");
        assertThat(users.toString()).contains("user frank created as analyst").doesNotContain(PASSWORD);
    }

    @Test
    void audit_search_pagesWithTheCursor() {
        JsonNode page1 = as(Role.ADMIN, "GET", "/api/v1/audit?limit=2", null).expect(200).json();
        assertThat(page1.get("items")).hasSize(2);
        long newest = page1.get("items").get(0).get("seq").asLong();
        assertThat(page1.get("items").get(1).get("seq").asLong()).isLessThan(newest);
        JsonNode page2 = as(Role.ADMIN, "GET", "/api/v1/audit?limit=2&cursor=" + page1.get("next").asText(), null).expect(200).json();
        assertThat(page2.get("items").get(0).get("seq").asLong()).isLessThan(page1.get("items").get(1).get("seq").asLong());
        assertThat(Instant.parse(page2.get("items").get(0).get("at").asText())).isBeforeOrEqualTo(Instant.now());
        // The last page says so: no cursor to an empty page after it.
        long oldest = page1.get("items").get(1).get("seq").asLong();
        JsonNode all = as(Role.ADMIN, "GET", "/api/v1/audit?limit=1000&cursor=" + oldest, null).expect(200).json();
        assertThat(all.get("items")).hasSize((int) oldest - 1);
        assertThat(all.get("next").isNull()).isTrue();
    }

    @Test
    void audit_export_isJsonLinesOfTheWholeLog_includingTheExportItself() throws Exception {
        Reply export = as(Role.ADMIN, "GET", "/api/v1/audit/export", null).expect(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        assertThat(export.header("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("conduit-audit.jsonl"));
        String[] lines = export.body().split("\n");
        assertThat(lines.length).isGreaterThan(5);
        JsonNode first = ApiClient.JSON.readTree(lines[0]);
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        JsonNode last = ApiClient.JSON.readTree(lines[lines.length - 1]);
        assertThat(last.get("action").asText()).isEqualTo("export-audit");
        assertThat(last.get("actor").asText()).isEqualTo(actor(Role.ADMIN));
    }

    @Test
    void audit_verify_isValid_untilARowIsEditedInTheDatabase_thenNamesThatEntry() throws Exception {
        JsonNode valid = as(Role.ADMIN, "GET", "/api/v1/audit/verify", null).expect(200).json();
        assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();
        assertThat(valid.get("checked").asLong()).isGreaterThan(3);
        assertThat(valid.get("problem").isNull()).isTrue();

        long seq = 3;
        Path db = h.dataDir.resolve("conduit.db");
        String original;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
            }
            try (PreparedStatement read = c.prepareStatement("SELECT detail FROM audit WHERE seq = ?")) {
                read.setLong(1, seq);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    original = rs.getString(1);
                }
            }
            updateDetail(c, seq, "x");
            try {
                JsonNode tampered = as(Role.ADMIN, "GET", "/api/v1/audit/verify", null).expect(200).json();
                assertThat(tampered.get("valid").asBoolean()).isFalse();
                assertThat(tampered.get("problem").asText()).contains("entry " + seq);
                assertThat(tampered.get("checked").asLong()).isLessThan(valid.get("checked").asLong());
            } finally {
                updateDetail(c, seq, original);
            }
        }
        assertThat(as(Role.ADMIN, "GET", "/api/v1/audit/verify", null).json().get("valid").asBoolean()).as("restored").isTrue();
    }

    // ---- users and tokens ----------------------------------------------------------------------------

    @Test
    void users_createListUpdateDelete_andAPatchEndsTheUsersSessions() {
        JsonNode created = createUser("carol", "analyst");
        assertThat(created.get("username").asText()).isEqualTo("carol");
        assertThat(created.get("role").asText()).isEqualTo("analyst");
        assertThat(created.get("disabled").asBoolean()).isFalse();
        assertThat(Instant.parse(created.get("createdAt").asText())).isBeforeOrEqualTo(Instant.now());
        as(Role.ADMIN, "POST", "/api/v1/users", "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}")
                .expectProblem(409);

        Reply list = as(Role.ADMIN, "GET", "/api/v1/users", null).expect(200);
        assertThat(names(list.json(), "username")).contains("admin", "carol");
        assertThat(list.body()).doesNotContain("password").doesNotContain("$argon").doesNotContain("hash");

        Session carol = api.login("carol", PASSWORD);
        JsonNode patched = as(Role.ADMIN, "PATCH", "/api/v1/users/carol", "{\"role\":\"operator\",\"disabled\":true}").expect(200).json();
        assertThat(patched.get("role").asText()).isEqualTo("operator");
        assertThat(patched.get("disabled").asBoolean()).isTrue();
        api.call("GET", "/api/v1/session").cookie(carol.cookie()).send().expectProblem(401);
        api.call("POST", "/api/v1/session").json("{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\"}").send().expectProblem(401);
        assertThat(as(Role.ADMIN, "PATCH", "/api/v1/users/carol", "{\"disabled\":false}").expect(200).json().get("disabled").asBoolean())
                .isFalse();

        as(Role.ADMIN, "DELETE", "/api/v1/users/carol", null).expect(204);
        assertThat(names(as(Role.ADMIN, "GET", "/api/v1/users", null).json(), "username")).doesNotContain("carol");
        as(Role.ADMIN, "DELETE", "/api/v1/users/carol", null).expectProblem(404);
        assertThat(as(Role.ADMIN, "GET", "/api/v1/audit?action=user-delete", null).json().toString()).contains("user carol deleted");
    }

    @Test
    void anAdministrator_cannotDemoteDisableOrDeleteThemselves() {
        Session admin = api.login("admin", ADMIN_PASSWORD);
        JsonNode demote = api.call("PATCH", "/api/v1/users/admin").session(admin).json("{\"role\":\"viewer\"}").send().expectProblem(409);
        assertThat(demote.get("field").asText()).isEqualTo("role");
        JsonNode disable = api.call("PATCH", "/api/v1/users/admin").session(admin).json("{\"disabled\":true}").send().expectProblem(409);
        assertThat(disable.get("field").asText()).isEqualTo("disabled");
        api.call("DELETE", "/api/v1/users/admin").session(admin).send().expectProblem(409);
        assertThat(find(as(Role.ADMIN, "GET", "/api/v1/users", null).json(), "username", "admin").get("role").asText()).isEqualTo("admin");
    }

    /**
     * Javalin would answer HEAD for every GET route itself, with an empty 200 that skips the role
     * check; the API refuses HEAD instead, so nothing is revealed and nothing happens: no audited
     * content view, no audited export.
     */
    @Test
    void head_onAGuardedRoute_withoutCredentials_isRefused_andRevealsNothing() {
        long auditBefore = as(Role.ADMIN, "GET", "/api/v1/audit?limit=1", null).json().get("items").get(0).get("seq").asLong();
        for (String path : List.of("/api/v1/users", "/api/v1/audit/export", "/api/v1/messages/" + feedMessage + "/content")) {
            Reply head = api.call("HEAD", path).send();
            assertThat(head.status()).as(path).isEqualTo(405);
            assertThat(head.body()).as(path).isEmpty();
        }
        long auditAfter = as(Role.ADMIN, "GET", "/api/v1/audit?limit=1", null).json().get("items").get(0).get("seq").asLong();
        assertThat(auditAfter).as("no content view or export was recorded, so none ran").isEqualTo(auditBefore);
    }

    @Test
    void oversizedBody_is413Problem() {
        String big = "{\"username\":\"" + "x".repeat(70 * 1024) + "\"}";
        as(Role.ADMIN, "POST", "/api/v1/users", big).expectProblem(413);
    }

    @Test
    void tokens_createListRevoke_andTheSecretIsShownOnlyOnce() {
        Reply created = as(Role.ADMIN, "POST", "/api/v1/tokens", "{\"name\":\"ci pipeline\",\"role\":\"viewer\",\"expiresInDays\":7}")
                .expect(201);
        JsonNode token = created.json();
        String secret = token.get("token").asText();
        String id = token.get("id").asText();
        assertThat(secret).startsWith("cdt_").contains(id);
        assertThat(token.get("name").asText()).isEqualTo("ci pipeline");
        assertThat(token.get("role").asText()).isEqualTo("viewer");
        assertThat(token.get("createdBy").asText()).isEqualTo(actor(Role.ADMIN));
        assertThat(Duration.between(Instant.parse(token.get("createdAt").asText()), Instant.parse(token.get("expiresAt").asText())))
                .isEqualTo(Duration.ofDays(7));

        Reply list = as(Role.ADMIN, "GET", "/api/v1/tokens", null).expect(200);
        JsonNode listed = find(list.json(), "id", id);
        assertThat(listed.get("name").asText()).isEqualTo("ci pipeline");
        assertThat(listed.has("token")).isFalse();
        assertThat(list.body()).doesNotContain(secret.substring(secret.length() - 12));

        api.call("GET", "/api/v1/channels").bearer(secret).send().expect(200);
        as(Role.ADMIN, "DELETE", "/api/v1/tokens/" + id, null).expect(204);
        JsonNode revoked = api.call("GET", "/api/v1/channels").bearer(secret).send().expectProblem(401);
        assertThat(revoked.get("detail").asText()).contains("revoked");
        assertThat(names(as(Role.ADMIN, "GET", "/api/v1/tokens", null).json(), "id")).doesNotContain(id);
        assertThat(as(Role.ADMIN, "GET", "/api/v1/audit?action=token-revoke", null).json().toString()).contains(id);
    }

    // ---- authentication ------------------------------------------------------------------------------

    @Test
    void noCredentials_is401_withAChallenge() {
        Reply reply = api.call("GET", "/api/v1/channels").send();
        reply.expectProblem(401);
        assertThat(reply.header("WWW-Authenticate")).hasValue("Bearer realm=\"conduit\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCredentials")
    void refusedCredentials_are401(String description, String authorization) {
        Reply reply = api.call("GET", "/api/v1/channels").authorization(authorization).send();
        reply.expectProblem(401);
        assertThat(reply.body()).doesNotContain(authorization.substring(authorization.indexOf(' ') + 1));
    }

    static Stream<Arguments> refusedCredentials() {
        return Stream.of(
                Arguments.of("garbage bearer", "Bearer garbage"),
                Arguments.of("token-shaped garbage", "Bearer cdt_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"),
                Arguments.of("basic authentication", "Basic YWRtaW46YWRtaW4="));
    }

    @Test
    void expiredToken_is401_namingTheExpiry() throws Exception {
        JsonNode token = as(Role.ADMIN, "POST", "/api/v1/tokens", "{\"name\":\"short-lived\",\"role\":\"admin\",\"expiresInDays\":1}")
                .expect(201).json();
        String secret = token.get("token").asText();
        api.call("GET", "/api/v1/channels").bearer(secret).send().expect(200);
        // A day is the shortest lifetime: age the token in the store instead of waiting.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + h.dataDir.resolve("conduit.db"));
             Statement pragma = c.createStatement();
             PreparedStatement st = c.prepareStatement("UPDATE api_tokens SET expires_at = ? WHERE id = ?")) {
            pragma.execute("PRAGMA busy_timeout = 10000");
            st.setLong(1, Instant.now().minusSeconds(60).toEpochMilli());
            st.setString(2, token.get("id").asText());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        JsonNode expired = api.call("GET", "/api/v1/channels").bearer(secret).send().expectProblem(401);
        assertThat(expired.get("detail").asText()).contains("short-lived").contains("expired");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownThings")
    void unknownChannelDestinationMessageUserTokenOrJob_is404(String method, String path) {
        JsonNode problem = as(Role.ADMIN, method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}").expectProblem(404);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    }

    static Stream<Arguments> unknownThings() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/channels/no-such-channel"),
                Arguments.of("POST", "/api/v1/channels/no-such-channel/stop"),
                Arguments.of("GET", "/api/v1/channels/feed/destinations/no-such-destination/errored"),
                Arguments.of("POST", "/api/v1/channels/feed/destinations/no-such-destination/retry"),
                Arguments.of("POST", "/api/v1/channels/feed/destinations/no-such-destination/resend-errored"),
                Arguments.of("GET", "/api/v1/messages/0000000000001"),
                Arguments.of("GET", "/api/v1/messages/0000000000001/content"),
                Arguments.of("POST", "/api/v1/messages/0000000000001/resend"),
                Arguments.of("POST", "/api/v1/messages/0000000000001/reprocess"),
                Arguments.of("PATCH", "/api/v1/users/no-such-user"),
                Arguments.of("DELETE", "/api/v1/users/no-such-user"),
                Arguments.of("DELETE", "/api/v1/tokens/no-such-token"),
                Arguments.of("GET", "/api/v1/jobs/no-such-job"));
    }

    // ---- bad input -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInput_is400Problem_namingTheField(String description, String method, String path, String body, String field) {
        Reply reply = as(Role.ADMIN, method, path.replace("{feedMessage}", feedMessage), body.isEmpty() ? null : body);
        JsonNode problem = reply.expectProblem(400);
        assertThat(problem.has("field")).as(problem.toString()).isTrue();
        assertThat(problem.get("field").asText()).as(problem.toString()).isEqualTo(field);
    }

    static Stream<Arguments> badInput() {
        String users = "/api/v1/users";
        return Stream.of(
                Arguments.of("status not in the enum", "GET", "/api/v1/messages?status=LOST", "", "status"),
                Arguments.of("from not an instant", "GET", "/api/v1/messages?from=yesterday", "", "from"),
                Arguments.of("to not an instant", "GET", "/api/v1/messages?to=2026-13-01", "", "to"),
                Arguments.of("free text without a time range", "GET", "/api/v1/messages?text=EVERYWOMAN", "", "from"),
                Arguments.of("limit 0", "GET", "/api/v1/messages?limit=0", "", "limit"),
                Arguments.of("limit 5000", "GET", "/api/v1/messages?limit=5000", "", "limit"),
                Arguments.of("limit not a number", "GET", "/api/v1/channels/feed/destinations/out/errored?limit=ten", "", "limit"),
                Arguments.of("cursor not a message id", "GET", "/api/v1/messages?cursor=page-2", "", "cursor"),
                Arguments.of("message id malformed", "GET", "/api/v1/messages/not-a-message-id", "", "id"),
                Arguments.of("message id malformed (content)", "GET", "/api/v1/messages/12345/content", "", "id"),
                Arguments.of("content kind not in the enum", "GET", "/api/v1/messages/{feedMessage}/content?kind=raw", "", "kind"),
                Arguments.of("sent content without destination", "GET", "/api/v1/messages/{feedMessage}/content?kind=sent", "",
                        "destination"),
                Arguments.of("audit from not an instant", "GET", "/api/v1/audit?from=now", "", "from"),
                Arguments.of("audit limit 0", "GET", "/api/v1/audit?limit=0", "", "limit"),
                Arguments.of("audit cursor not a number", "GET", "/api/v1/audit?cursor=abc", "", "cursor"),
                Arguments.of("unknown body member", "POST", "/api/v1/messages/{feedMessage}/resend", "{\"destinaton\":\"out\"}",
                        "destinaton"),
                Arguments.of("destination not a string", "POST", "/api/v1/messages/{feedMessage}/resend", "{\"destination\":1}",
                        "destination"),
                Arguments.of("body not JSON", "POST", users, "username=x&role=viewer", ""),
                Arguments.of("body a JSON array", "POST", users, "[\"x\"]", ""),
                Arguments.of("user without username", "POST", users, "{\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}",
                        "username"),
                Arguments.of("user without role", "POST", users, "{\"username\":\"gina\",\"password\":\"" + PASSWORD + "\"}", "role"),
                Arguments.of("user with bad role", "POST", users,
                        "{\"username\":\"gina\",\"password\":\"" + PASSWORD + "\",\"role\":\"superuser\"}", "role"),
                Arguments.of("user with short password", "POST", users, "{\"username\":\"gina\",\"password\":\"short\",\"role\":\"viewer\"}",
                        "password"),
                Arguments.of("user with bad name", "POST", users,
                        "{\"username\":\"gina smith!\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}", "username"),
                Arguments.of("user patch with bad role", "PATCH", "/api/v1/users/admin", "{\"role\":\"root\"}", "role"),
                Arguments.of("user patch with short password", "PATCH", "/api/v1/users/admin", "{\"password\":\"short\"}", "password"),
                Arguments.of("user patch disabled not boolean", "PATCH", "/api/v1/users/admin", "{\"disabled\":\"yes\"}", "disabled"),
                Arguments.of("token with bad role", "POST", "/api/v1/tokens", "{\"name\":\"t\",\"role\":\"root\"}", "role"),
                Arguments.of("token without name", "POST", "/api/v1/tokens", "{\"role\":\"viewer\"}", "name"),
                Arguments.of("token lifetime 0 days", "POST", "/api/v1/tokens", "{\"name\":\"t\",\"role\":\"viewer\",\"expiresInDays\":0}",
                        "expiresInDays"),
                Arguments.of("token lifetime 731 days", "POST", "/api/v1/tokens",
                        "{\"name\":\"t\",\"role\":\"viewer\",\"expiresInDays\":731}", "expiresInDays"),
                Arguments.of("bulk resend without a filter", "POST", "/api/v1/messages/resend", "{}", "channel"),
                Arguments.of("bulk resend max 0", "POST", "/api/v1/messages/resend", "{\"channel\":\"bulk\",\"max\":0}", "max"),
                Arguments.of("bulk resend bad status", "POST", "/api/v1/messages/resend", "{\"status\":\"LOST\"}", "status"),
                Arguments.of("bulk resend bad from", "POST", "/api/v1/messages/resend", "{\"channel\":\"bulk\",\"from\":\"monday\"}",
                        "from"),
                Arguments.of("login without password", "POST", "/api/v1/session", "{\"username\":\"admin\"}", "password"),
                Arguments.of("password change without new password", "POST", "/api/v1/session/password",
                        "{\"currentPassword\":\"x\"}", "newPassword"));
    }

    // ---- authorization, CSRF, throttling -------------------------------------------------------------

    /**
     * Every operation {@code openapi.yaml} gives an {@code x-conduit-role}, called with a token of
     * every role: below the documented role the guard answers 403 before the handler runs; at or
     * above it the request gets through (whatever the handler then says, it is neither 401, 403
     * nor a server error). Path parameters are real: channel {@code authz}, destination
     * {@code out}, a stored message, a job, and a fresh user or token for the ones that delete.
     */
    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("roleMatrix")
    void everyDocumentedOperation_isForbiddenBelowItsRole_andAllowedFromIt(OpenApiSpec.Operation op, Role caller) {
        Role required = Role.parse(op.role()).orElseThrow(() -> new AssertionError(op + " has x-conduit-role " + op.role()));
        String path = op.path().replace("{name}", "authz").replace("{destination}", "out");
        if (path.contains("{username}")) {
            String victim = "victim-" + VICTIMS.incrementAndGet();
            createUser(victim, "viewer");
            path = path.replace("{username}", victim);
        }
        if (path.contains("{id}")) {
            String id;
            if (path.startsWith("/api/v1/jobs/")) {
                id = authzJob;
            } else if (path.startsWith("/api/v1/tokens/")) {
                id = as(Role.ADMIN, "POST", "/api/v1/tokens", "{\"name\":\"victim\",\"role\":\"viewer\"}").expect(201).json().get("id").asText();
            } else {
                id = authzMessage;
            }
            path = path.replace("{id}", id);
        }
        assertThat(path).as("every path parameter substituted").doesNotContain("{");
        String body = op.method().equals("POST") || op.method().equals("PATCH") ? "{}" : null;
        Reply reply = as(caller, op.method(), path, body);
        if (caller.includes(required)) {
            assertThat(reply.status()).as("%s as %s answered %s", op, caller, reply.body()).isNotIn(401, 403, 404, 405).isLessThan(500);
        } else {
            JsonNode problem = reply.expectProblem(403);
            assertThat(problem.get("detail").asText()).contains("needs the " + required.id() + " role");
        }
    }

    static Stream<Arguments> roleMatrix() {
        List<OpenApiSpec.Operation> guarded = OpenApiSpec.operations().stream().filter(op -> op.role() != null).toList();
        assertThat(guarded).as("operations with x-conduit-role").hasSizeGreaterThan(25);
        return guarded.stream().flatMap(op -> Stream.of(Role.values()).map(role -> Arguments.of(op, role)));
    }

    @Test
    void csrf_aSessionPostWithoutTheHeader_isForbidden_withItWorks_andBearerNeedsNone() {
        Session admin = api.login("admin", ADMIN_PASSWORD);
        JsonNode missing = api.call("POST", "/api/v1/config/validate").cookie(admin.cookie()).send().expectProblem(403);
        assertThat(missing.get("detail").asText()).contains("X-CSRF-Token");
        api.call("POST", "/api/v1/config/validate").cookie(admin.cookie()).csrf("not-the-token").send().expectProblem(403);
        Session other = api.login("admin", ADMIN_PASSWORD);
        api.call("POST", "/api/v1/config/validate").cookie(admin.cookie()).csrf(other.csrf()).send().expectProblem(403);

        JsonNode ok = api.call("POST", "/api/v1/config/validate").session(admin).send().expect(200).json();
        assertThat(ok.get("valid").asBoolean()).isTrue();
        api.call("GET", "/api/v1/channels").cookie(admin.cookie()).send().expect(200); // safe methods need none
        as(Role.ADMIN, "POST", "/api/v1/config/validate", null).expect(200);
        api.call("PATCH", "/api/v1/users/admin").cookie(admin.cookie()).json("{}").send().expectProblem(403);
        api.call("DELETE", "/api/v1/tokens/whatever").cookie(admin.cookie()).send().expectProblem(403);
    }

    @Test
    void login_afterFiveWrongPasswords_isThrottledWith429AndRetryAfter_evenWithTheRightPassword() throws Exception {
        createUser("erin", "viewer");
        for (int i = 1; i <= 5; i++) {
            api.call("POST", "/api/v1/session").json("{\"username\":\"erin\",\"password\":\"wrong guess " + i + "\"}").send()
                    .expectProblem(401);
        }
        Reply throttled = api.call("POST", "/api/v1/session").json("{\"username\":\"erin\",\"password\":\"" + PASSWORD + "\"}").send();
        JsonNode problem = throttled.expectProblem(429);
        assertThat(problem.get("detail").asText()).contains("too many failed logins");
        long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(throttled.header("Set-Cookie")).isEmpty();
        api.call("POST", "/api/v1/session").json("{\"username\":\"erin\",\"password\":\"wrong guess 6\"}").send().expectProblem(429);

        // The five checked attempts are audited; the refused ones checked nothing and are not.
        JsonNode audit = as(Role.ADMIN, "GET", "/api/v1/audit?action=login-failed&actor=erin", null).json().get("items");
        assertThat(audit).hasSize(5);
        assertThat(audit.get(0).get("detail").asText()).isEqualTo("wrong user name or password");

        Thread.sleep(Duration.ofSeconds(retryAfter).plusMillis(300));
        assertThat(api.login("erin", PASSWORD).csrf()).as("allowed again once the lock ran out").isNotEmpty();
    }

    // ---- health and metrics --------------------------------------------------------------------------

    @Test
    void healthProbes_needNoCredentials() {
        Reply live = api.call("GET", "/health/live").send().expect(200);
        assertThat(live.json().get("status").asText()).isEqualTo("UP");
        Reply ready = api.call("GET", "/health/ready").send().expect(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metrics_countMessagesReceivedOverMllp_perChannel() throws Exception {
        int n = 25;
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "MET-" + i;
        }
        send("metered", ids);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Reply metrics = api.call("GET", "/metrics").send().expect(200);
            assertThat(metrics.contentType()).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("conduit_messages_received_total{channel=\"metered\"} " + n + ".0")
                    .contains("conduit_deliveries_sent_total{channel=\"metered\"} " + n + ".0")
                    .contains("conduit_messages_errored_total{channel=\"metered\"} 0.0");
        });
        JsonNode channel = as(Role.VIEWER, "GET", "/api/v1/channels/metered", null).json();
        assertThat(channel.get("counters").get("received").asLong()).isEqualTo(n);
        assertThat(channel.get("counters").get("sent").asLong()).isEqualTo(n);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static final String BROKEN = """
            dataType: hl7v2
            source:
              type: mllp
              port: twenty
            destinations: [{name: out, type: file, directory: broken}]
            """;

    private static void assertBrokenFileProblem(JsonNode problems) {
        assertThat(problems).hasSize(1);
        JsonNode p = problems.get(0);
        assertThat(p.get("file").asText()).isEqualTo("channels/broken.yaml");
        assertThat(p.get("line").asInt()).isEqualTo(4);
        assertThat(p.get("field").asText()).isEqualTo("source.port");
        assertThat(p.get("message").asText()).contains("twenty");
    }

    private static String fileChannel(String directory) {
        return """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations: [{name: out, type: file, directory: %s}]
                """.formatted(directory);
    }

    static Reply as(Role role, String method, String path, String body) {
        ApiClient.Call call = api.call(method, path).bearer(TOKENS.get(role));
        if (body != null) {
            call.json(body);
        }
        return call.send();
    }

    private static JsonNode createUser(String username, String role) {
        return as(Role.ADMIN, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}").expect(201).json();
    }

    private static void send(String channel, String... controlIds) throws Exception {
        try (MllpClient client = MllpClient.connect("127.0.0.1", h.port(channel))) {
            for (String id : controlIds) {
                String ack = new String(client.send(Hl7Samples.adtA01(id).getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
                assertThat(ack).contains("MSA|AA|" + id);
            }
        }
    }

    /** The id of the one message of {@code channel} with this control id. */
    private static String messageId(String channel, String controlId) {
        JsonNode items = as(Role.VIEWER, "GET", "/api/v1/messages?channel=" + channel + "&controlId=" + controlId, null).expect(200)
                .json().get("items");
        assertThat(items).as("messages of %s with control id %s", channel, controlId).hasSize(1);
        return items.get(0).get("id").asText();
    }

    private static String awaitStatus(String id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                as(Role.VIEWER, "GET", "/api/v1/messages/" + id, null).json().get("status").asText().equals(status));
        return id;
    }

    private static void updateDetail(Connection c, long seq, String detail) throws Exception {
        try (PreparedStatement st = c.prepareStatement("UPDATE audit SET detail = ? WHERE seq = ?")) {
            st.setString(1, detail);
            st.setLong(2, seq);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> names(JsonNode array) {
        return names(array, "name");
    }

    private static List<String> names(JsonNode array, String member) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(member).asText()).toList();
    }

    private static List<String> ids(JsonNode array) {
        return names(array, "id");
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode find(JsonNode array, String member, String value) {
        for (JsonNode n : array) {
            if (n.get(member).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + member + "=" + value + " in " + array);
    }

    private static JsonNode findQueue(JsonNode queues, String channel, String destination) {
        for (JsonNode q : queues) {
            if (q.get("channel").asText().equals(channel) && q.get("destination").asText().equals(destination)) {
                return q;
            }
        }
        throw new AssertionError("no queue " + channel + "/" + destination + " in " + queues);
    }
}
