package io.smsgateway.state;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Ports;
import io.smsgateway.support.Redis;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Two instances of the service — two Spring contexts — sharing the real Redis: the protections hold
 * for both together as for one. Redis's clock decides here, so the tests wait for conditions, never
 * for an amount of time.
 */
class SharedStateTest {

    private static final String PREFIX = Redis.prefix("fleet");
    private static final String KEY_SECRET = "fleet-test-secret-0123456789abcdef";
    private static final StringRedisTemplate REDIS = Redis.template(6379);
    private static final String EXHAUSTED = "the provider balance is exhausted: sends are paused";
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static SendClient one;
    private static SendClient two;

    @BeforeAll
    static void twoInstances() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("25.00")));
        first = start(PREFIX);
        second = start(PREFIX);
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
        // after the flip test, until a check has read the balance again and both have its verdict;
        // watched on the gauges, so that the waiting spends none of the instances' rate limit
        await().atMost(Duration.ofSeconds(20)).until(() -> !circuitOpen(first) && !circuitOpen(second));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                one.send("ACME", Numbers.unique(), "up").statusCode() == 200 && two.send("ACME", Numbers.unique(), "up").statusCode() == 200);
        // a fresh budget for each test: only this test's keys
        REDIS.delete(List.of(PREFIX + "rate:log", PREFIX + "rate:seq"));
        SERVER.resetRequests();
    }

    /**
     * On two instances of its own: each instance's Throttler, its own ceiling before the fleet's
     * budget, keeps a 15 s window that the other tests' sends would partly spend. The 500 sends take
     * a few seconds, well inside the window, so no permit returns while they run.
     */
    @Test
    void sharesOneBudgetExactlyBetweenBothInstances() throws Exception {
        String prefix = Redis.prefix("fleet-budget");
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try (ConfigurableApplicationContext a = start(prefix); ConfigurableApplicationContext b = start(prefix)) {
            SendClient viaA = new SendClient(port(a));
            SendClient viaB = new SendClient(port(b));
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                SendClient instance = i % 2 == 0 ? viaA : viaB;
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
            Redis.removeKeys(REDIS, prefix);
        }
    }

    @Test
    void holdsOneNumberToOneScheduleThroughBothInstances() {
        String number = Numbers.unique();
        List<String> answeredInOrder = Collections.synchronizedList(new ArrayList<>());

        // alternately through each instance, all at once: slots 0, 250, 750, 1750 ms; the fifth
        // refused. Each instance on a schedule of its own would have let all five through.
        List<HttpResponse<String>> answers = IntStream.range(0, 5).mapToObj(i -> {
            String body = "send " + i;
            return (i % 2 == 0 ? one : two).postAsync("/send", SendClient.json("ACME", number, body), "application/json")
                    .whenComplete((answer, failure) -> {
                        if (answer != null && answer.statusCode() == 200) {
                            answeredInOrder.add(body);
                        }
                    });
        }).toList().stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(4);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 429).hasSize(1);
        // released one after another, whichever instance held them: at the provider in the order answered
        List<String> atProvider = SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).stream()
                .map(request -> request.formParameters().get("Body").firstValue()).toList();
        assertThat(atProvider).hasSize(4).containsExactlyElementsOf(answeredInOrder);
    }

    @Test
    void flipsTheBalanceCircuitForBothFromOnePoller() {
        Checks before = Checks.of(first, second);
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));

        // one instance reads the empty balance; the other adopts the verdict it publishes
        await().atMost(Duration.ofSeconds(10)).until(() -> circuitOpen(first) && circuitOpen(second));
        for (SendClient instance : List.of(one, two)) {
            HttpResponse<String> refused = instance.send("ACME", Numbers.unique(), "hi");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(SendClient.body(refused).get("message").asText()).isEqualTo(EXHAUSTED);
        }

        // both check every second; the fleet makes one balance call per check, not one per instance
        await().atMost(Duration.ofSeconds(30)).until(() -> Checks.of(first, second).since(before).fewestChecks() >= 5);
        Checks made = Checks.of(first, second).since(before);
        assertThat(made.balanceCalls()).as("balance calls by the fleet, for %s", made)
                .isPositive()
                .isLessThanOrEqualTo(made.mostChecks() + 2);
    }

    /**
     * Per instance, its balance checks (balance-check, run at each tick of its timer) and the calls
     * to Balance.json it made (balance-twilio), as counted by Camel's route metrics.
     */
    private record Checks(double checksA, double callsA, double checksB, double callsB) {

        static Checks of(ConfigurableApplicationContext a, ConfigurableApplicationContext b) {
            // a call ends before its check does: read first, it is never counted ahead of its check
            double callsA = exchanges(a, "balance-twilio");
            double callsB = exchanges(b, "balance-twilio");
            return new Checks(exchanges(a, "balance-check"), callsA, exchanges(b, "balance-check"), callsB);
        }

        Checks since(Checks earlier) {
            return new Checks(checksA - earlier.checksA, callsA - earlier.callsA, checksB - earlier.checksB,
                    callsB - earlier.callsB);
        }

        double fewestChecks() {
            return Math.min(checksA, checksB);
        }

        double mostChecks() {
            return Math.max(checksA, checksB);
        }

        double balanceCalls() {
            return callsA + callsB;
        }

        private static double exchanges(ConfigurableApplicationContext instance, String routeId) {
            return instance.getBean(MeterRegistry.class).find("camel.exchanges.total").tag("routeId", routeId).meters()
                    .stream().mapToDouble(SharedStateTest::count).sum();
        }
    }

    private static double count(Meter meter) {
        double total = 0;
        for (var measurement : meter.measure()) {
            total += measurement.getStatistic() == Statistic.COUNT ? measurement.getValue() : 0;
        }
        return total;
    }

    private static boolean circuitOpen(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class).get("sms.circuit.open").tag("provider", "twilio").gauge().value() == 1;
    }

    private static ConfigurableApplicationContext start(String prefix) {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--TWILIO_EMPTY_BALANCE_CHECK=true",
                "--BALANCE_CHECK_INTERVAL=1s",
                "--SMS_STATE_STORE=redis",
                "--REDIS_URL=" + Redis.URL,
                "--SMS_REDIS_PREFIX=" + prefix,
                "--SMS_REDIS_KEY_SECRET=" + KEY_SECRET,
                "--RATE_LIMIT_MAX_REQUESTS=50",
                "--RATE_LIMIT_TIME_WINDOW=15s",
                "--EXPONENTIAL_DELAY_BASE=250ms",
                "--EXPONENTIAL_DELAY_MAX_WAIT=2s",
                // the other tests' receivers each have a prefix of their own (Numbers)
                "--SMS_FRAUD_ADJACENT_THRESHOLD=3"));
    }

    @Test
    void refusesThroughOneInstanceAPrefixBlockedThroughTheOther() {
        long lowest = Long.parseLong(Numbers.unique().substring(1));
        List<String> adjacent = IntStream.range(0, 4).mapToObj(i -> "+" + (lowest + i)).toList();
        String shown = adjacent.get(0).substring(0, adjacent.get(0).length() - 3) + "xxx";

        // three receivers of one prefix through both instances: at the threshold, not past it
        assertThat(one.send("ACME", adjacent.get(0), "hi").statusCode()).isEqualTo(200);
        assertThat(two.send("ACME", adjacent.get(1), "hi").statusCode()).isEqualTo(200);
        assertThat(one.send("ACME", adjacent.get(2), "hi").statusCode()).isEqualTo(200);

        // the fourth, through the second instance: past the fleet's count, the prefix blocked
        HttpResponse<String> blocked = two.send("ACME", adjacent.get(3), "hi");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(SendClient.body(blocked).get("message").asText())
                .startsWith("too many different receivers in " + shown + " in a short time: blocked until");

        // the first instance holds the block the second placed, and refuses the prefix for it
        assertThat(first.getBean(FraudBlocks.class).activeBlocks()).singleElement().satisfies(block -> {
            assertThat(block.shown()).isEqualTo(shown);
            assertThat(block.rule()).isEqualTo("adjacent");
        });
        HttpResponse<String> refused = one.send("ACME", adjacent.get(0), "again");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(SendClient.body(refused).get("message").asText()).startsWith("too many different receivers in " + shown);
        assertThat(SERVER.findAll(TwilioStub.sends()).stream().filter(send -> adjacent.contains(send.formParameters().get("To").firstValue())))
                .hasSize(3);
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
        return Ports.of(context);
    }
}
