package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.Transaction;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium), against a
 * real Redis with queued and dead-lettered keys and a real push receiver (WireMock). Refused without the ops token,
 * it shows the depths once given it; requeueing a dead letter by a click delivers it; pause and resume hold and
 * release the queue; a Redis that may evict any key is shown as long as it may. Leaves screenshots in target/dashboard/
 * (dashboard.png, dashboard-without-token.png, dashboard-eviction.png).
 */
class DashboardBrowserTest extends PipelineTestSupport {

    private static final String TOKEN = "dashboard-t0ken";
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");

    private WebDriver browser;
    private WebDriverWait waiting;

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.ops.token", TOKEN);
        p.put("push.history.enabled", "true");
        return p;
    }

    @Override
    protected void stubReceiver() {
        // the provider refuses these users at first: their pushes are dead-lettered with its answer
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":1002,\"errorMessage\":\"user is not registered\"}")));
    }

    @BeforeEach
    void deadLettersAndABrowser() {
        redis.phpProducerWrites("rabbit_push_1001_111111", "Your order has shipped");
        redis.phpProducerWrites("rabbit_push_1002_222222", "Your invoice is ready");
        redis.phpProducerWrites("rabbit_push_1003_333333", "Password changed");
        eventually().until(() -> redis.length("push_dead_letter") == 3 && redis.length("temp_queue") == 0);
        receiver.resetAll();
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}"))); // the users are registered now

        assertThat(CHROMEDRIVER).as("install Debian's chromium and chromium-driver (.ci/run does)").exists();
        assertThat(CHROMIUM).as("install Debian's chromium and chromium-driver (.ci/run does)").exists();
        // both paths given: Selenium Manager has nothing to look for or download
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1400", "--lang=en-US");
        browser = new ChromeDriver(service, options);
        waiting = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
        // the page redraws its parts every 2 s: an element found a moment ago may have been replaced
        waiting.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorSeesTheQueuesRequeuesADeadLetterAndPausesDelivery() throws Exception {
        anotherInstanceHoldsAClaim("rabbit_push_1004_444444");

        // without the token: refused, and nothing of the queues is shown
        browser.get("http://127.0.0.1:" + httpPort + "/dashboard");
        waitForText(By.id("banner"), "needs the ops token");
        assertThat(browser.findElement(By.id("content")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#dead-letters tbody tr"))).isEmpty();
        takeScreenshot("dashboard-without-token.png");

        // a wrong token is refused too
        enterToken("not-the-token");
        waitForText(By.id("banner"), "token was refused");

        // with it: the depths and the dead letters with their reason, status and the provider's answer
        enterToken(TOKEN);
        waitForText("depth-dead", "3");
        assertThat(text("depth-push")).isEqualTo("0");
        assertThat(text("depth-temp")).isEqualTo("1");
        assertThat(text("depth-awaiting-value")).as("keys waiting for their value").isEqualTo("0");
        assertThat(text("depth-scheduled")).as("nothing scheduled yet").isEqualTo("0");

        // a push scheduled ten minutes ahead: its own depth, and when the soonest is due
        template.requestBody("direct:intake", "{\"uid\": \"1009\", \"content\": \"later\", \"delayMs\": 600000}");
        waitForText("depth-scheduled", "1");
        assertThat(text("next-scheduled")).startsWith("next due ");
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
        WebElement deadLetter = deadLetterRow("rabbit_push_1002_222222");
        assertThat(deadLetter.getText()).contains("HTTP 400", "400", "user is not registered");
        waitForText(By.cssSelector("#claims tbody"), "rabbit_push_1004_444444");
        assertThat(text("breaker")).isEqualTo("closed: delivering");
        assertThat(browser.findElement(By.cssSelector("#claims tbody")).getText()).contains("3"); // its third claim

        // traffic for the graph: delivered while the page watches
        redis.phpProducerWrites(40, "30");
        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 40);
        receiver.resetRequests();

        // the kept value on demand
        clickInRow("rabbit_push_1003_333333", "button.show-value");
        waitForText(By.cssSelector("tr.value-row"), "Password changed");

        // pause: keys written now stay queued and are shown waiting
        click("toggle-delivery");
        waitForText(By.id("delivery-state"), "Delivery paused");
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isSuspended()).isTrue();
        Thread.sleep(1500); // a pop already blocking when the route was suspended may still take one key
        redis.phpProducerWrites("rabbit_push_2001_555555", "Welcome back");
        redis.phpProducerWrites("rabbit_push_2002_666666", "New message from Ana");
        waitForText("depth-push", "2");
        Thread.sleep(1500); // longer than one blocking pop: time in which they could have been taken
        assertThat(redis.length("push_queue")).isEqualTo(2);
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));

        waitForTheGraph();
        takeScreenshot("dashboard.png");

        // resume: the waiting keys are delivered
        click("toggle-delivery");
        waitForText(By.id("delivery-state"), "Delivering");
        eventually().until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/push"))).size() == 2);
        waitForText("depth-push", "0");

        // search by key, then requeue one dead letter by a click: the receiver gets it
        browser.findElement(By.id("search")).sendKeys("1002");
        waiting.until(d -> d.findElements(By.cssSelector("#dead-letters tbody tr[data-key]")).size() == 1);
        clickInRow("rabbit_push_1002_222222", "button.requeue");
        eventually().until(() -> !receiver.findAll(postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(containing("rabbit_push_1002_222222"))).isEmpty());
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(containing("Your invoice is ready")));
        waitForText("depth-dead", "2");

        // the delivery history: uid 1002's push was refused, then delivered once requeued; newest first
        browser.findElement(By.id("history-search")).sendKeys("1002");
        waiting.until(d -> {
            click("history-go"); // again until the acknowledgement, which follows the provider's answer, is written
            return d.findElements(By.cssSelector("#deliveries tbody tr")).size() == 2;
        });
        java.util.List<WebElement> outcomes = browser.findElements(By.cssSelector("#deliveries tbody tr"));
        assertThat(outcomes.get(0).getAttribute("data-outcome")).isEqualTo("delivered");
        assertThat(outcomes.get(0).getText()).contains("rabbit_push_1002_222222", "200");
        assertThat(outcomes.get(1).getAttribute("data-outcome")).isEqualTo("dead-lettered");
        assertThat(outcomes.get(1).getText()).contains("400", "HTTP 400");
        browser.findElement(By.id("history-search")).clear();
        browser.findElement(By.id("history-search")).sendKeys("7777");
        click("history-go");
        waitForText(By.id("deliveries-empty"), "Nothing for uid 7777");
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.id("search")).sendKeys(" ");

        // purge all, after a confirmation that names the count
        click("purge-all");
        waitForText(By.id("confirm-message"), "Purge all 2 dead letters");
        click("confirm-ok");
        waitForText("depth-dead", "0");
        assertThat(redis.length("push_dead_letter")).isZero();
        assertThat(redis.get("rabbit_push_1001_111111")).as("purged with its value").isNull();
    }

    @Test
    void anEvictionPolicyThatCanLoseMessagesIsShownUntilItIsSafeAgain() throws Exception {
        browser.get("http://127.0.0.1:" + httpPort + "/dashboard");
        enterToken(TOKEN);
        waitForText("depth-dead", "3");
        assertThat(browser.findElement(By.id("eviction")).isDisplayed()).isFalse();

        try {
            try (var jedis = redis.client()) {
                jedis.configSet("maxmemory-policy", "allkeys-lru");
            }
            waitForText(By.id("eviction"), "maxmemory-policy allkeys-lru");
            assertThat(browser.findElement(By.id("eviction")).isDisplayed()).isTrue();
            assertThat(text("eviction")).contains("readiness is DOWN", "push.redis.allow-eviction=true");
            takeScreenshot("dashboard-eviction.png");
        } finally {
            try (var jedis = redis.client()) {
                jedis.configSet("maxmemory-policy", "noeviction");
            }
        }
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(By.id("eviction")));
    }

    /** A claim in Redis as another instance leaves it while delivering: in the temp queue, leased for minutes. */
    private void anotherInstanceHoldsAClaim(String key) {
        try (var jedis = redis.client()) {
            long now = Long.parseLong(jedis.time().get(0)) * 1000;
            jedis.set(key, "Your code is 4821");
            // one transaction: the leftover scan would adopt an entry it saw in the temp queue without its lease
            Transaction claim = jedis.multi();
            claim.lpush("temp_queue", key);
            claim.zadd("temp_queue:leases", now + 5 * 60_000, key);
            claim.hset("temp_queue:tokens", key, "another-instance");
            claim.hset("temp_queue:attempts", key, "2");
            claim.exec();
        }
    }

    private void enterToken(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        click("token-save");
    }

    /** The graph needs two samples of the counters (one every 5 s) to draw a line. */
    private void waitForTheGraph() {
        waiting.until(d -> d.findElements(By.cssSelector("#chart polyline.delivered")).stream()
                .anyMatch(line -> line.getAttribute("points").split(" ").length >= 2));
    }

    private void takeScreenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement deadLetterRow(String key) {
        By row = By.cssSelector("#dead-letters tbody tr[data-key='" + key + "']");
        waiting.until(ExpectedConditions.visibilityOfElementLocated(row));
        return browser.findElement(row);
    }

    /** Clicks a button of a dead letter's row, finding both again if the table was redrawn meanwhile. */
    private void clickInRow(String key, String button) {
        waiting.until(d -> {
            d.findElement(By.cssSelector("#dead-letters tbody tr[data-key='" + key + "'] " + button)).click();
            return true;
        });
    }

    private void click(String id) {
        waiting.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void waitForText(String id, String exactly) {
        waiting.until(ExpectedConditions.textToBe(By.id(id), exactly));
    }

    private void waitForText(By element, String part) {
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(element, part));
    }
}
