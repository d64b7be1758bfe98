package com.otaplatform.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in real headless Chromium against the packaged services: sign in through Keycloak's
 * login page, watch a running rollout move without reloading, pause it as operator; as viewer, see
 * no pause button and have a direct call refused by rollout-service. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static ConsolePlatform platform;
    private static RolloutFeed feed;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void startPlatform() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing (apt-get install -y chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        platform = ConsolePlatform.start();
        feed = new RolloutFeed(platform);
        feed.start(700);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (feed != null) {
            feed.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private WebDriver openBrowser() throws Exception {
        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,1000", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1440, 1000));
        return browser;
    }

    private WebDriverWait waitUpTo(int seconds) {
        // a live update may re-render an element between finding it and reading it: look again
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(seconds)).ignoring(StaleElementReferenceException.class);
    }

    private void signIn(String user) {
        browser.get(platform.consoleUrl() + "/");
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith("http://127.0.0.1:8180/realms/ota/protocol/openid-connect/auth");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("demo-" + user);
        browser.findElement(By.id("kc-login")).click();
        waitUpTo(30).until(ExpectedConditions.textToBe(By.id("user-name"), user));
    }

    /** Clicks what {@code target} finds; pages re-render on live updates, so a replaced element is found again. */
    private void click(By target) {
        waitUpTo(30).ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(target).click();
            return true;
        });
    }

    private void openRollout() {
        click(By.cssSelector("tr[data-rollout='" + feed.rolloutId() + "']"));
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("kpi-reached")));
        waitUpTo(30).until(d -> "connected".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
    }

    private long kpi(String id) {
        return Long.parseLong(browser.findElement(By.cssSelector("#" + id + " .value")).getText().replace(",", ""));
    }

    private void screenshot(String name) throws Exception {
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
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
        openRollout();
        assertThat(browser.findElement(By.id("rollout-state")).getAttribute("data-state")).isEqualTo("RUNNING");
        assertThat(browser.findElements(By.cssSelector("#rollout-actions button"))).isEmpty();
        assertThat(browser.findElements(By.id("action-pause"))).isEmpty();
        screenshot("rollout-viewer");

        // the same call the pause button makes, straight from the viewer's signed-in page
        @SuppressWarnings("unchecked")
        Map<String, Object> refusal = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/rollouts/' + arguments[0] + '/pause', {method: 'POST', headers: {'Content-Type': 'application/json',"
                        + " 'X-Requested-With': 'JavaScript'}, body: JSON.stringify({reason: 'viewer tries'})})"
                        + ".then(r => r.json().then(body => done({status: r.status, code: body.code, service: body.service})))"
                        + ".catch(e => done({error: String(e)}));", feed.rolloutId());
        assertThat(refusal).containsEntry("status", 403L).containsEntry("code", "PERMISSION_DENIED").containsEntry("service", "rollout-service");
    }

    @Test
    @Order(2)
    void shouldShowAnOperatorTheRolloutMovingAndLetThemPauseIt() throws Exception {
        openBrowser();
        signIn("operator");
        waitUpTo(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-rollout='" + feed.rolloutId() + "']")));
        screenshot("rollouts-list");
        openRollout();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__sameDocument = true;");
        long reached = kpi("kpi-reached");
        long succeeded = kpi("kpi-succeeded");
        waitUpTo(60).until(d -> kpi("kpi-reached") != reached || kpi("kpi-succeeded") != succeeded);
        assertThat(js.executeScript("return window.__sameDocument === true;")).as("the page moved without a reload").isEqualTo(true);
        // let the chart collect a few samples
        waitUpTo(60).until(d -> kpi("kpi-succeeded") >= succeeded + 3 && !d.findElements(By.cssSelector("#chart svg")).isEmpty());
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
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
        assertThat(js.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
        fullPageScreenshot("rollout-paused");

        browser.get(platform.consoleUrl() + "/#/releases/" + feed.releaseId());
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Artifacts per ECU"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "ADAS 2.4.1 to SU7 China"));
        fullPageScreenshot("release");

        browser.get(platform.consoleUrl() + "/#/fleet?vin=LSJW");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-results"), "LSJW"));
        screenshot("fleet");
    }
}
