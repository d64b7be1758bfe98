package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The packaged console in real headless Chromium, on the shared end-to-end platform, with a rollout fed by the fleet
 * simulator running in this JVM: sign in through Keycloak's login page; as viewer, see the running rollout without a
 * pause button and have the API refuse a pause; as operator, watch the rollout move without a reload and pause it; then
 * search the fleet by attribute, open a vehicle's history and the version distribution, and a release's signatures.
 * Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String RUN = "console";
    private static final String CONSOLE = "http://127.0.0.1:" + PlatformProcesses.CONSOLE_PORT;
    private static final String VERSION = "2.5.0";

    private static Path work;
    private static String releaseId;
    private static String rolloutId;
    private static CompletableFuture<PlatformProcesses.Simulation> fleet;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startARolloutAndTheFleet() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing (apt-get install -y chromium chromium-driver)");
        PlatformProcesses.shared();
        Files.createDirectories(SCREENSHOTS);
        work = Files.createTempDirectory("console-it-");
        OtactlDriver otactl = new OtactlDriver(work.resolve("otactl"));
        byte[] image = new byte[96 * 1024];
        new Random(11).nextBytes(image);
        Path file = Files.write(work.resolve("adas-" + VERSION + ".img"), image);
        JsonNode release = otactl.pushRelease(file, VERSION);
        releaseId = release.get("name").asText().substring("releases/".length());
        // a gate the healthy fleet stays under, with a soak long enough that stage 1 is still running when the operator pauses
        String rollout = otactl.json("rollout", "create", "--release", release.get("name").asText(), "--name", "ADAS " + VERSION + " to SU7 China",
                "--select", "e2e-run = '" + RUN + "' and model = 'SU7'", "--stages", "50,100", "--max-failure-rate", "25%", "--min-reported", "10",
                "--soak", "30m", "--output", "json").get("name").asText();
        rolloutId = rollout.substring("rollouts/".length());
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();

        // the real fleet simulator, in the background: vehicles join over 45 s, so the counts keep moving while the browser watches
        fleet = CompletableFuture.supplyAsync(() -> PlatformProcesses.simulate(PlatformProcesses.CHECKIN_PORT,
                "-n", "80", "--cycles", "0", "--duration", "75s", "--ramp-up", "45s", "--poll-interval", "2s", "--seed", "303",
                "--attr", "e2e-run=" + RUN, "--fail-install", "0.02", "--base-dir", work.resolve("fleet").toString()));
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        if (fleet != null) {
            PlatformProcesses.Simulation simulation = fleet.get(150, TimeUnit.SECONDS);
            assertThat(simulation.exitCode()).as(simulation.output()).isZero();
            assertThat(simulation.summary().get("updatesSucceeded").asLong()).as(simulation.output()).isPositive();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void openBrowser() throws Exception {
        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,1000", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1440, 1000));
    }

    private WebDriverWait waitUpTo(int seconds) {
        // a live update may re-render an element between finding it and reading it: look again
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class);
    }

    /** Signs in on Keycloak's own login page, as a person would. */
    private void signIn(String user) {
        browser.get(CONSOLE + "/");
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith("http://127.0.0.1:8180/realms/ota/protocol/openid-connect/auth");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("demo-" + user);
        browser.findElement(By.id("kc-login")).click();
        waitUpTo(30).until(ExpectedConditions.textToBe(By.id("user-name"), user));
    }

    /** Clicks what {@code target} finds; pages re-render on live updates, so a replaced element is found again. */
    private void click(By target) {
        waitUpTo(30).until(driver -> {
            driver.findElement(target).click();
            return true;
        });
    }

    private void openRolloutFromTheList() {
        click(By.cssSelector("tr[data-rollout='" + rolloutId + "']"));
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("kpi-reached")));
        waitUpTo(30).until(d -> "connected".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
    }

    private long kpi(String id) {
        return Long.parseLong(browser.findElement(By.cssSelector("#" + id + " .value")).getText().replace(",", ""));
    }

    private void screenshot(String name) throws Exception {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page, not just the viewport: the window grows to the document's height for the shot. */
    private void fullPageScreenshot(String name) throws Exception {
        Dimension viewport = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        browser.manage().window().setSize(new Dimension(viewport.getWidth(), (int) Math.min(3000, height + 160)));
        Thread.sleep(300);
        screenshot(name);
        browser.manage().window().setSize(viewport);
    }

    @Test
    @Order(1)
    void shouldShowAViewerNoPauseButtonAndRefuseTheirPause() throws Exception {
        openBrowser();
        signIn("viewer");
        openRolloutFromTheList();
        assertThat(browser.findElement(By.id("rollout-state")).getAttribute("data-state")).isEqualTo("RUNNING");
        assertThat(browser.findElements(By.cssSelector("#rollout-actions button"))).isEmpty();
        screenshot("rollout-viewer");

        // the call the pause button would make, from the viewer's signed-in page: rollout-service checks the role again
        @SuppressWarnings("unchecked")
        Map<String, Object> refusal = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/rollouts/' + arguments[0] + '/pause', {method: 'POST', headers: {'Content-Type': 'application/json',"
                        + " 'X-Requested-With': 'JavaScript'}, body: JSON.stringify({reason: 'viewer tries'})})"
                        + ".then(r => r.json().then(body => done({status: r.status, code: body.code, service: body.service, message: body.message})))"
                        + ".catch(e => done({error: String(e)}));", rolloutId);
        assertThat(refusal).containsEntry("status", 403L).containsEntry("code", "PERMISSION_DENIED").containsEntry("service", "rollout-service");
    }

    @Test
    @Order(2)
    void shouldShowAnOperatorTheRolloutMovingAndLetThemPauseIt() throws Exception {
        openBrowser();
        signIn("operator");
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-rollout='" + rolloutId + "']")));
        screenshot("rollouts-list");
        openRolloutFromTheList();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__sameDocument = true;");
        long reached = kpi("kpi-reached");
        long succeeded = kpi("kpi-succeeded");
        waitUpTo(60).until(d -> kpi("kpi-reached") > reached || kpi("kpi-succeeded") > succeeded);
        // let the chart collect a few samples
        waitUpTo(90).until(d -> kpi("kpi-succeeded") >= Math.max(succeeded + 3, 8) && !d.findElements(By.cssSelector("#chart svg")).isEmpty());
        assertThat(js.executeScript("return window.__sameDocument === true;")).as("the page moved without a reload").isEqualTo(true);
        fullPageScreenshot("rollout-live");

        click(By.id("action-pause"));
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("action-reason"))).sendKeys("failure rate creeping up in stage 1; checking logs");
        screenshot("rollout-pause-dialog");
        click(By.id("action-confirm"));
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.id("rollout-state"), "data-state", "PAUSED"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "checking logs"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("PAUSED", "operator");
        assertThat(browser.findElements(By.id("action-pause"))).isEmpty();
        assertThat(browser.findElements(By.id("action-resume"))).hasSize(1);
        assertThat(browser.findElements(By.id("action-rollback"))).hasSize(1);
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
        assertThat(js.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
        fullPageScreenshot("rollout-paused");
    }

    @Test
    @Order(3)
    void shouldLetAViewerSearchTheFleetAndReadARelease() throws Exception {
        openBrowser();
        signIn("viewer");
        browser.get(CONSOLE + "/#/fleet?select=" + URLEncoder.encode("e2e-run = '" + RUN + "'", StandardCharsets.UTF_8).replace("+", "%20"));
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fleet-results tr[data-vin]")));
        assertThat(browser.findElement(By.id("selector")).getAttribute("value")).isEqualTo("e2e-run = '" + RUN + "'");
        // the fleet-wide count per version, from checkin-service: the new version is there once vehicles installed it
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".dist[data-ecu='adas-main'] .dist-row[data-version='" + VERSION + "']")));
        screenshot("fleet");

        // a vehicle that took the update: its history shows the steps it reported
        String vin = browser.findElements(By.cssSelector("#fleet-results tr[data-vin]")).stream().filter(row -> row.getText().contains(VERSION))
                .findFirst().orElseThrow(() -> new AssertionError("no listed vehicle runs " + VERSION)).getAttribute("data-vin");
        click(By.cssSelector("#fleet-results tr[data-vin='" + vin + "']"));
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("history-rows")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(vin);
        assertThat(browser.findElement(By.id("history")).getText()).contains("SUCCEEDED", "INSTALLING", rolloutId.substring(0, 8));
        assertThat(browser.findElement(By.cssSelector("#view table")).getText()).contains(VERSION);
        fullPageScreenshot("vehicle");

        browser.get(CONSOLE + "/#/releases/" + releaseId);
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#signatures .sig-verdict.ok")));
        String signatures = browser.findElement(By.id("signatures")).getText();
        assertThat(signatures).contains("required targets signature", "✓ verifies", "✓ matches the stored artifact", "adas-main");
        assertThat(browser.findElement(By.id("view")).getText()).contains("ADAS " + VERSION + " to SU7 China");
        fullPageScreenshot("release");
    }
}
