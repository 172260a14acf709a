package io.smsgateway.state;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.ProviderStub;
import io.smsgateway.support.Redis;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Two instances of the service — two Spring contexts — sharing the real Redis: the protections hold
 * for both together as for one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStateTest {

    private static final String PREFIX = Redis.prefix("fleet");
    private static final String KEY_SECRET = "fleet-test-secret-0123456789abcdef";
    private static final StringRedisTemplate REDIS = Redis.template(6379);
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static SendClient one;
    private static SendClient two;

    @BeforeAll
    static void twoInstances() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("25.00")));
        first = start();
        second = start();
        one = new SendClient(port(first));
        two = new SendClient(port(second));
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        Redis.removeKeys(REDIS, PREFIX);
    }

    @BeforeEach
    void provider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("25.00")));
        // after the budget test, until its 15 s window has passed
        await().atMost(Duration.ofSeconds(20)).until(() ->
                one.send("ACME", Numbers.unique(), "up").statusCode() == 200 && two.send("ACME", Numbers.unique(), "up").statusCode() == 200);
        // a fresh budget for each test: only this test's keys
        REDIS.delete(List.of(PREFIX + "rate:log", PREFIX + "rate:seq"));
        SERVER.resetRequests();
    }

    // First: each instance's Throttler, its own ceiling before the fleet's budget, keeps a window
    // that the other tests' sends would partly spend. The 500 sends take a few seconds, well
    // inside the 15 s window, so no permit returns while they run.
    @Test
    @Order(1)
    void sharesOneBudgetExactlyBetweenBothInstances() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                SendClient instance = i % 2 == 0 ? one : two;
                String json = SendClient.json("ACME", Numbers.unique(), "budget");
                answers.add(threads.submit(() -> instance.post("/send", json, "application/json")));
            }
            long sent = 0;
            long refused = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                int status = answer.get().statusCode();
                sent += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }

            assertThat(sent).isEqualTo(50);
            assertThat(refused).isEqualTo(450);
            assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(50);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void holdsOneNumberToOneScheduleThroughBothInstances() {
        String number = Numbers.unique();

        // alternately through each instance, all at once: slots 0, 250, 750, 1750 ms; the fifth refused
        List<HttpResponse<String>> answers = IntStream.range(0, 5)
                .mapToObj(i -> (i % 2 == 0 ? one : two).postAsync("/send", SendClient.json("ACME", number, "hi"), "application/json"))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(4);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 429).hasSize(1);
        List<Long> times = SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).stream()
                .map(LoggedRequest::getLoggedDate).map(Date::getTime).sorted().toList();
        assertThat(times).hasSize(4);
        long[] expected = {250, 500, 1000};
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap %d", i).isBetween(expected[i - 1] - 30, expected[i - 1] + 80);
        }
    }

    @Test
    void flipsTheBalanceCircuitForBothWithinAnIntervalFromOnePoller() {
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));
        long emptied = System.nanoTime();

        await().atMost(Duration.ofSeconds(4)).until(() ->
                one.send("ACME", Numbers.unique(), "hi").statusCode() == 503 && two.send("ACME", Numbers.unique(), "hi").statusCode() == 503);
        Duration seen = Duration.ofNanos(System.nanoTime() - emptied);
        // one interval (1 s) for the poller to read it, one for the other to adopt it, plus the probes
        assertThat(seen).isLessThan(Duration.ofMillis(2500));

        SERVER.resetRequests();
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - from > Duration.ofSeconds(4).toNanos());
        int balanceCalls = SERVER.findAll(WireMock.getRequestedFor(WireMock.urlEqualTo(TwilioStub.BALANCE_PATH))).size();
        assertThat(balanceCalls).as("balance calls in 4 s by two instances checking every 1 s").isBetween(3, 6);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(
                "--server.port=0",
                "--SERVICE_PROVIDER=twilio",
                "--TWILIO_ACCOUNT_SID=" + TwilioStub.ACCOUNT_SID,
                "--TWILIO_AUTH_TOKEN=" + TwilioStub.AUTH_TOKEN,
                "--TWILIO_BASE_URL=" + ProviderStub.baseUrl(),
                "--TWILIO_EMPTY_BALANCE_CHECK=true",
                "--BALANCE_CHECK_INTERVAL=1s",
                "--SMS_STATE_STORE=redis",
                "--REDIS_URL=" + Redis.URL,
                "--SMS_REDIS_PREFIX=" + PREFIX,
                "--SMS_REDIS_KEY_SECRET=" + KEY_SECRET,
                "--RATE_LIMIT_MAX_REQUESTS=50",
                "--RATE_LIMIT_TIME_WINDOW=15s",
                "--EXPONENTIAL_DELAY_BASE=250ms",
                "--EXPONENTIAL_DELAY_MAX_WAIT=2s");
    }

    @Test
    void keysANumberByAKeyedHashNeverByItsDigits() {
        String number = Numbers.unique();

        assertThat(one.send("ACME", number, "hi").statusCode()).isEqualTo(200);
        assertThat(two.send("ACME", number, "hi").statusCode()).as("held by the schedule one instance started").isEqualTo(200);

        Set<String> keys = Redis.keys(REDIS, PREFIX);
        assertThat(keys).filteredOn(key -> key.startsWith(PREFIX + "delay:")).isNotEmpty();
        // neither this number nor any other in E.164
        assertThat(keys).allSatisfy(key -> assertThat(key.substring(PREFIX.length())).doesNotContain(number.substring(2)).doesNotContain("+"));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
