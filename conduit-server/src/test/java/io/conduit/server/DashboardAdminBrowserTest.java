package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.core.store.AuditQuery;
import io.conduit.core.store.MessageQuery;
import io.conduit.hl7v2.mllp.MllpClient;
import io.conduit.server.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The administrator's side of the dashboard in headless Chromium: the first start's one-time
 * setup link, a channel's errored deliveries, pausing and resuming a channel, a bulk resend with
 * its progress, the audit log and its verification, and users and API tokens (the token shown
 * once, working, then revoked). Screenshots land in {@code target/screenshots/}.
 */
class DashboardAdminBrowserTest {

    private static final String ADMIN_PASSWORD = "the first administrator";

    @TempDir
    Path temp;
    @TempDir
    Path browserProfile;

    EngineHarness harness;
    HttpServer http;
    HeadlessChromium chromium;
    String base;

    @BeforeEach
    void start() throws Exception {
        harness = new EngineHarness(temp);
        // The peer never listens: every delivery is ERRORED after one attempt.
        harness.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: peer, type: mllp, host: 127.0.0.1, port: %d, retry: {maxAttempts: 1}}
                """.formatted(EngineHarness.freePort()));
        harness.start();
        http = HttpServer.start(harness.engine, new HttpSettings(true, "127.0.0.1", 0), name -> null);
        base = "http://127.0.0.1:" + http.port();
        chromium = new HeadlessChromium(base, browserProfile, "dashboard-admin");
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
    void administrator_setsUp_resendsErroredMessagesInBulk_verifiesTheAudit_andManagesUsersAndTokens() throws Exception {
        var wait = chromium.wait;
        var driver = chromium.driver;
        try (MllpClient mllp = MllpClient.connect("127.0.0.1", harness.port("feed"))) {
            for (int i = 1; i <= 3; i++) {
                mllp.send(Hl7Samples.adtA01("ADMIN-" + i).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> harness.engine.store()
                .search(MessageQuery.all(10).withStatus(MessageStatus.ERRORED)).items().size() == 3);

        // First start: the one-time link creates the administrator and logs them in.
        assertThat(http.setupToken()).isPresent();
        chromium.open("#/setup?token=" + http.setupToken().get());
        WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup-username")));
        username.clear(); // the form suggests "admin"
        username.sendKeys("ada");
        driver.findElement(By.id("setup-password")).sendKeys(ADMIN_PASSWORD);
        driver.findElement(By.id("setup-password2")).sendKeys(ADMIN_PASSWORD);
        chromium.screenshot("1-setup");
        driver.findElement(By.id("setup-submit")).click();
        wait.until(d -> d.findElement(By.id("user-name")).getText().contains("ada"));
        assertThat(driver.findElement(By.id("user-role")).getText()).containsIgnoringCase("admin");

        // The channel's destination shows its three errored messages.
        chromium.open("#/channels/feed");
        WebElement peer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#destinations-table tr[data-destination='peer']")));
        peer.findElement(By.cssSelector(".show-errored-button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#errored-table tbody tr")).size() == 3
                && d.findElement(By.id("errored-table")).getText().contains("ADMIN-2"));
        chromium.screenshot("2-channel-errored");

        // Pause and resume from the overview.
        chromium.open("#/channels");
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".channel-card[data-channel='feed'] button.channel-action[data-action='pause']"))).click();
        wait.until(d -> d.findElement(By.cssSelector(".channel-card[data-channel='feed'] .channel-state")).getText().contains("PAUSED"));
        assertThat(harness.channel("feed").state().name()).isEqualTo("PAUSED");
        driver.findElement(By.cssSelector(".channel-card[data-channel='feed'] button.channel-action[data-action='resume']")).click();
        wait.until(d -> d.findElement(By.cssSelector(".channel-card[data-channel='feed'] .channel-state")).getText().contains("STARTED"));

        // Bulk resend of the search result, with its progress.
        chromium.open("#/messages?channel=feed&status=ERRORED");
        wait.until(d -> d.findElements(By.cssSelector("#message-results tbody tr[data-id]")).size() == 3);
        WebElement bulk = wait.until(ExpectedConditions.elementToBeClickable(By.id("bulk-resend-button")));
        bulk.click(); // arms
        bulk.click(); // confirms
        wait.until(d -> d.findElement(By.id("bulk-state")).getText().contains("DONE"));
        assertThat(driver.findElement(By.id("bulk-progress-text")).getText()).contains("3 / 3");
        chromium.screenshot("3-bulk-resend");
        assertThat(harness.engine.store().auditSearch(new AuditQuery("ada", "resend", "feed", null, null, null, null, 100)))
                .hasSize(3);

        // The audit log lists what happened and its chain verifies.
        chromium.open("#/audit");
        wait.until(d -> d.findElement(By.id("audit-table")).getText().contains("resend"));
        assertThat(driver.findElement(By.id("audit-table")).getText()).contains("user-create").contains("pause").contains("resume");
        driver.findElement(By.id("audit-verify")).click();
        wait.until(d -> d.findElement(By.id("audit-verify-result")).getText().contains("Chain intact"));
        chromium.screenshot("4-audit");

        // Users and API tokens.
        chromium.open("#/admin");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-user-username"))).sendKeys("carol");
        driver.findElement(By.id("new-user-password")).sendKeys("carol's long password");
        new Select(driver.findElement(By.id("new-user-role"))).selectByValue("analyst");
        driver.findElement(By.id("new-user-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#users-table tr[data-username='carol']")));
        assertThat(harness.engine.store().user("carol")).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo("analyst"));

        driver.findElement(By.id("token-name")).sendKeys("monitoring");
        new Select(driver.findElement(By.id("token-role"))).selectByValue("viewer");
        driver.findElement(By.id("token-submit")).click();
        WebElement tokenValue = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token-value")));
        String token = tokenValue.getDomProperty("value");
        assertThat(token).startsWith("cdt_");
        chromium.screenshot("5-admin-token");
        assertThat(apiStatus(token)).isEqualTo(200);

        String tokenId = harness.engine.store().tokens().getFirst().id();
        WebElement revoke = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#tokens-table tr[data-token-id='" + tokenId + "'] .token-revoke")));
        revoke.click();
        revoke.click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#tokens-table tr[data-token-id='" + tokenId + "']")));
        assertThat(apiStatus(token)).isEqualTo(401);
    }

    private int apiStatus(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/channels"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
