package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver, for the dashboard's browser tests:
 * a fresh profile per instance, no network beyond the engine, screenshots saved under
 * {@code target/screenshots/} as test artefacts.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    final WebDriverWait wait;
    private final String base;
    private final String prefix;

    /**
     * @param base   the engine's HTTP address, e.g. {@code http://127.0.0.1:PORT}
     * @param prefix what screenshot names start with
     */
    HeadlessChromium(String base, Path profile, String prefix) throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium must be installed (apt-get install chromium chromium-driver; .ci/run does it)")
                .exists();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver must be installed").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        this.base = base;
        this.prefix = prefix;
        Files.createDirectories(SCREENSHOTS);
    }

    /** Opens a dashboard route, e.g. {@code #/messages}. */
    void open(String hashRoute) {
        driver.get(base + "/ui/" + hashRoute);
    }

    void logIn(String username, String password) {
        open("#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username"))).sendKeys(username);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        wait.until(d -> d.findElement(By.id("user-name")).getText().contains(username));
    }

    void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(prefix + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
