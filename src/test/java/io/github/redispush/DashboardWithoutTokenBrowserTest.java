package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium on a server with no ops token, as a default start runs: the server then takes
 * an action only as Content-Type: application/json (what keeps other sites' forms out), and the page's own clicks
 * must still work: pause, resume, and a requeue that reaches the receiver.
 */
class DashboardWithoutTokenBrowserTest extends PipelineTestSupport {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private WebDriver browser;
    private WebDriverWait waiting;

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(400).withBody("{\"code\":1002}")));
    }

    @BeforeEach
    void aDeadLetterAndABrowser() {
        redis.phpProducerWrites("rabbit_push_1002_222222", "Your invoice is ready");
        eventually().until(() -> redis.length("push_dead_letter") == 1 && redis.length("temp_queue") == 0);
        receiver.resetAll();
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));

        assertThat(CHROMEDRIVER).as("install Debian's chromium and chromium-driver (.ci/run does)").exists();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-US");
        browser = new ChromeDriver(service, options);
        waiting = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
        waiting.ignoring(StaleElementReferenceException.class); // the page redraws its parts every 2 s
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePagesOwnActionsWorkWithoutAToken() {
        browser.get("http://127.0.0.1:" + httpPort + "/dashboard");
        waiting.until(ExpectedConditions.textToBe(By.id("depth-dead"), "1"));

        click("toggle-delivery");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("delivery-state"), "Delivery paused"));
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isSuspended()).isTrue();
        click("toggle-delivery");
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("delivery-state"), "Delivering"));

        waiting.until(d -> {
            d.findElement(By.cssSelector("#dead-letters tbody tr[data-key='rabbit_push_1002_222222'] button.requeue")).click();
            return true;
        });
        eventually().until(() -> !receiver.findAll(postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(containing("Your invoice is ready"))).isEmpty());
        waiting.until(ExpectedConditions.textToBe(By.id("depth-dead"), "0"));
    }

    private void click(String id) {
        waiting.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }
}
