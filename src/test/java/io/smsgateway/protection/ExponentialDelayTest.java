package io.smsgateway.protection;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The per-receiver exponential delay of send-pipeline, timed where it matters: at the provider.
 * Base 250 ms, longest wait 2 s, reset after 2 s of quiet.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "EXPONENTIAL_DELAY_BASE=250ms",
                "EXPONENTIAL_DELAY_MAX_WAIT=2s",
                "EXPONENTIAL_DELAY_RESET_AFTER=2"
        })
@DirtiesContext
class ExponentialDelayTest extends StubbedProviderTest {

    @Autowired
    MeterRegistry meters;

    // gaps are seen at the stub: each release plus its own hop to the stub, which varies by a few ms
    // (more while the JVM is cold); a release is never early, but a slow hop before a fast one
    // shortens the gap seen
    private static final long EARLY_MS = 20;
    private static final long LATE_MS = 60;

    @BeforeEach
    void provider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        // The steps after the release (budget spend, provider call) initialise on their first
        // exchange; paid by a timed send, that one-off cost would shorten the first gap seen
        assertThat(api.send("ACME", Numbers.unique(), "warm-up").statusCode()).isEqualTo(200);
    }

    @Test
    void releasesConcurrentSendsToOneNumberAt0Then250Then500Then1000MsApartAndRefusesTheFifth() {
        // written two ways: one key, the E.164 form
        String[] forms = {"+39 347 555 0101", "+393475550101", "+39 347-555-0101", "+39 (347) 555.0101", "+393475550101"};

        List<HttpResponse<String>> answers = all(List.of(forms).stream()
                .map(form -> api.postAsync("/send", SendClient.json("ACME", form, "hi"), "application/json")).toList());

        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(4);
        HttpResponse<String> refused = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        // the fifth slot would come 3.75 s after the first: past the 2 s longest wait
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(SendClient.body(refused).get("message").asText()).isEqualTo("too many messages to this number: retry in 4 s");
        assertThat(gapsAtProvider("+393475550101")).satisfiesExactly(
                gap -> assertGap(gap, 250), gap -> assertGap(gap, 500), gap -> assertGap(gap, 1000));
    }

    @Test
    void anotherNumberIsNotHeldMeanwhile() {
        String busy = Numbers.unique();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(api.postAsync("/send", SendClient.json("ACME", busy, "hi"), "application/json"));
        }

        long started = System.nanoTime();
        HttpResponse<String> other = api.send("ACME", Numbers.unique(), "hi");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(tookMillis).isLessThan(200);
        assertThat(all(held)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    }

    @Test
    void aRefusalReservesNothing() {
        String number = Numbers.unique();
        List<CompletableFuture<HttpResponse<String>>> reserved = List.of(0, 1, 2, 3).stream()
                .map(i -> api.postAsync("/send", SendClient.json("ACME", number, "hi"), "application/json")).toList();
        await().atMost(Duration.ofSeconds(2)).until(() -> meters.get("sms.delay.held").gauge().value() == 3);

        // both would be released 3.75 s after the first; had the first refusal reserved that slot,
        // the second would have to wait for the next, 7.75 s after the first
        HttpResponse<String> first = api.send("ACME", number, "hi");
        HttpResponse<String> second = api.send("ACME", number, "hi");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(all(reserved)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    }

    @Test
    void theScheduleRestartsAfterTheResetWindowOfQuiet() {
        String number = Numbers.unique();
        assertThat(api.send("ACME", number, "hi").statusCode()).isEqualTo(200);
        assertThat(api.send("ACME", number, "hi").statusCode()).isEqualTo(200);
        long lastRelease = latestAtProvider(number);

        // EXPONENTIAL_DELAY_RESET_AFTER=2: more than 2 s after the last release
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > lastRelease + 2_100);
        long started = System.nanoTime();
        HttpResponse<String> afterQuiet = api.send("ACME", number, "hi");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(afterQuiet.statusCode()).isEqualTo(200);
        assertThat(tookMillis).as("released at once, not after 500 ms").isLessThan(200);
    }

    private static void assertGap(long actual, long expected) {
        assertThat(actual).isBetween(expected - EARLY_MS, expected + LATE_MS);
    }

    private static List<Long> gapsAtProvider(String number) {
        List<Long> times = SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).stream()
                .map(LoggedRequest::getLoggedDate).map(Date::getTime).sorted().toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }

    private static long latestAtProvider(String number) {
        return SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).stream()
                .mapToLong(request -> request.getLoggedDate().getTime()).max().orElseThrow();
    }

    private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> calls) {
        return calls.stream().map(CompletableFuture::join).toList();
    }
}
