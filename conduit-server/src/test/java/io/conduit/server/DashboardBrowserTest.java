package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.Stage;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.core.store.AuditQuery;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.hl7v2.mllp.MllpClient;
import io.conduit.server.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; {@code .ci/run}
 * installs them when missing) against the quickstart engine: an operator logs in, sees the
 * channels, watches a message sent over MLLP arrive, opens it, reads it as an HL7 table and
 * resends it; a viewer sees the same message without content or action buttons. Screenshots of
 * each step are saved under {@code target/screenshots/} as test artefacts.
 */
class DashboardBrowserTest {

    private static final String ADMIN_PASSWORD = "admin password for the browser test";
    private static final String OPERATOR_PASSWORD = "operator password 123";
    private static final String VIEWER_PASSWORD = "viewer password 1234";

    @TempDir
    Path temp;
    @TempDir
    Path browserProfile;

    EngineHarness harness;
    HttpServer http;
    HeadlessChromium chromium;
    WebDriver browser;
    WebDriverWait wait;
    String base;
    final HttpClient client = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        harness = new EngineHarness(temp);
        QuickstartRoundTripTest.copyTree(Path.of("..", "examples", "quickstart").toAbsolutePath().normalize(), harness.configDir);
        harness.env.put("CONDUIT_DATA_DIR", harness.dataDir.toString());
        harness.env.put("QUICKSTART_MLLP_PORT", "0");
        harness.env.put("QUICKSTART_FORWARD_PORT", Integer.toString(EngineHarness.freePort()));
        harness.start();
        http = HttpServer.start(harness.engine, new HttpSettings(true, "127.0.0.1", 0),
                name -> name.equals("CONDUIT_ADMIN_PASSWORD") ? ADMIN_PASSWORD : null);
        base = "http://127.0.0.1:" + http.port();
        String adminCookie = loginCookie("admin", ADMIN_PASSWORD);
        createUser(adminCookie, "olivia", OPERATOR_PASSWORD, "operator");
        createUser(adminCookie, "victor", VIEWER_PASSWORD, "viewer");

        chromium = new HeadlessChromium(base, browserProfile, "dashboard");
        browser = chromium.driver;
        wait = chromium.wait;
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (http != null) {
            http.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void operatorWatchesAMessageArrive_readsItAsHl7Table_andResendsIt_whileAViewerSeesNoContent() throws Exception {
        // Log in as the operator: the channel overview lists the quickstart's channels.
        logIn("olivia", OPERATOR_PASSWORD);
        WebElement inbound = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".channel-card[data-channel='adt-inbound']")));
        assertThat(browser.findElement(By.id("user-role")).getText()).containsIgnoringCase("operator");
        assertThat(browser.findElements(By.cssSelector(".channel-card[data-channel='adt-forwarded']"))).hasSize(1);
        assertThat(inbound.findElement(By.cssSelector(".counter-received")).getText()).isEqualTo("0");
        assertThat(inbound.findElements(By.cssSelector("button.channel-action"))).isNotEmpty();
        screenshot("1-channels-before");

        // A message arrives over MLLP; the open page shows it without a reload.
        byte[] ack;
        try (MllpClient mllp = MllpClient.connect("127.0.0.1", harness.port("adt-inbound"))) {
            ack = mllp.send(Hl7Samples.adtA01("BROWSER-1").getBytes(StandardCharsets.ISO_8859_1));
        }
        assertThat(new String(ack, StandardCharsets.ISO_8859_1)).contains("MSA|AA|BROWSER-1");
        wait.until(d -> "1".equals(d.findElement(By.cssSelector(".channel-card[data-channel='adt-inbound'] .counter-received"))
                .getText()));
        screenshot("2-channels-after-message");

        // Find it in the message browser and open it.
        MessageId id = inboundMessage("BROWSER-1");
        browser.get(base + "/ui/#/messages?controlId=BROWSER-1&channel=adt-inbound");
        WebElement row = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#message-results tbody tr[data-id='" + id + "']")));
        screenshot("3-message-search");
        row.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#message-view[data-id='" + id + "']")));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.engine.store().find(id).orElseThrow().status().name().equals("SENT"));
        browser.findElement(By.id("message-refresh")).click();
        wait.until(d -> d.findElement(By.id("message-status")).getText().contains("SENT"));

        // The received content as a readable HL7 table with field names.
        new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("content-select")))).selectByVisibleText("Received");
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hl7-table")));
        assertThat(table.getText()).contains("Patient Identifier List").contains("PATID1234").contains("Message Control ID")
                .contains("BROWSER-1");
        screenshot("4-message-hl7-table");

        // Resend it to every destination it went to.
        browser.findElement(By.id("resend-button")).click();
        wait.until(d -> d.findElement(By.id("flash")).getText().contains("Queued again"));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.engine.store().stages(id).stream()
                .filter(s -> s.stage() == Stage.RESENT).count() == 2);
        screenshot("5-message-resent");

        // The same page at tablet width still shows the message and its actions.
        browser.manage().window().setSize(new Dimension(768, 1024));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("resend-button")));
        screenshot("6-message-tablet");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // A viewer sees status and history, but no content and no action buttons.
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username")));
        logIn("victor", VIEWER_PASSWORD);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".channel-card[data-channel='adt-inbound']")));
        assertThat(browser.findElements(By.cssSelector("button.channel-action"))).isEmpty();
        browser.get(base + "/ui/#/messages/" + id);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("content-note")));
        assertThat(browser.findElement(By.id("message-status")).getText()).isNotBlank();
        assertThat(browser.findElements(By.id("content-select"))).isEmpty();
        assertThat(browser.findElements(By.id("resend-button"))).isEmpty();
        assertThat(browser.findElements(By.id("reprocess-button"))).isEmpty();
        assertThat(browser.findElements(By.id("hl7-table"))).isEmpty();
        screenshot("7-viewer-message");

        // The audit log holds what the operator did, and nothing of the viewer's looking at content.
        List<String> oliviaActions = harness.engine.store().auditSearch(new AuditQuery("olivia", null, null, null, null, null, null,
                100)).stream().map(e -> e.event().action()).toList();
        assertThat(oliviaActions).contains("login", "view-content", "resend", "logout");
        assertThat(harness.engine.store().auditSearch(new AuditQuery("victor", "view-content", null, null, null, null, null, 100)))
                .isEmpty();
        assertThat(harness.engine.store().auditSearch(new AuditQuery(null, "view-content", null, id.toString(), null, null, null,
                100))).singleElement().satisfies(e -> assertThat(e.event().address()).isEqualTo("127.0.0.1"));
    }

    private void logIn(String username, String password) {
        chromium.logIn(username, password);
    }

    private MessageId inboundMessage(String controlId) throws Exception {
        List<MessageSummary> found = harness.engine.store().search(MessageQuery.all(10).withChannel("adt-inbound")
                .withControlId(controlId)).items();
        assertThat(found).hasSize(1);
        return found.getFirst().id();
    }

    private void screenshot(String name) throws Exception {
        chromium.screenshot(name);
    }

    private String loginCookie(String username, String password) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("username", username,
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return cookie + "\n" + json.readTree(r.body()).get("csrfToken").asText();
    }

    private void createUser(String session, String username, String password, String role) throws Exception {
        String[] parts = session.split("\n");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                .header("Content-Type", "application/json").header("Cookie", parts[0]).header("X-CSRF-Token", parts[1])
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("username", username,
                        "password", password, "role", role)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode user = json.readTree(r.body());
        assertThat(user.get("role").asText()).isEqualTo(role);
    }
}
