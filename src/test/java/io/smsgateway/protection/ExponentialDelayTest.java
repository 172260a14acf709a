package io.smsgateway.protection;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.protection.delay.ExponentialDelay;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.SettableClock;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The per-receiver exponential delay of send-pipeline, through the service: base 250 ms, longest
 * wait 2 s, reset after 2 s of quiet. The service reads a clock of the test's own, standing still
 * unless a test moves it: concurrent sends reserve their slots at the same instant, and the quiet
 * needs no waiting. How long each send is held is the unit test's (ExponentialDelayProcessorTest);
 * here, what the caller and the provider see.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
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

    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @TestBean
    Clock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ExponentialDelay delay;

    @Autowired
    CamelContext camel;

    static Clock clock() {
        return CLOCK;
    }

    @BeforeEach
    void provider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    @Test
    void releasesConcurrentSendsToOneNumberOneAfterAnotherAndRefusesTheFifth() {
        // written five ways: one number, one schedule
        String[] forms = {"+39 347 555 0101", "+393475550101", "+39 347-555-0101", "+39 (347) 555.0101", "+393475550101"};

        Sent sent = sendAll(forms);

        assertThat(sent.answers()).filteredOn(answer -> answer.statusCode() == 200).hasSize(4);
        HttpResponse<String> refused = sent.answers().stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        // the fifth slot would come 3.75 s after the first: past the 2 s longest wait
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(SendClient.body(refused).get("message").asText()).isEqualTo("too many messages to this number: retry in 4 s");
        // each reached the provider in the order of its release, the order the callers were answered in
        assertThat(bodiesAtProvider("+393475550101")).hasSize(4).containsExactlyElementsOf(sent.answeredInOrder());
    }

    @Test
    void anotherNumberIsNotHeldMeanwhile() {
        String busy = Numbers.unique();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(api.postAsync("/send", SendClient.json("ACME", busy, "hi"), "application/json"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> heldNow() > 0);

        HttpResponse<String> other = api.send("ACME", Numbers.unique(), "hi");
        double stillHeld = heldNow();

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(stillHeld).as("the busy number's sends were still held when the other was answered").isPositive();
        assertThat(held).as("the busy number's last send was still unanswered").anyMatch(call -> !call.isDone());
        assertThat(all(held)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    }

    @Test
    void aRefusalReservesNothing() {
        String number = Numbers.unique();
        List<CompletableFuture<HttpResponse<String>>> reserved = List.of(0, 1, 2, 3).stream()
                .map(i -> api.postAsync("/send", SendClient.json("ACME", number, "hi"), "application/json")).toList();
        // all four slots are taken: the delay's own look says a fifth send would be refused
        await().atMost(Duration.ofSeconds(10)).until(() -> wouldRefuse(number));

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

        // EXPONENTIAL_DELAY_RESET_AFTER=2: more than 2 s after the last release, 250 ms after the first
        CLOCK.advance(Duration.ofMillis(250 + 2000 + 1));
        Sent afterQuiet = sendAll(number, number, number, number, number);

        // a fresh schedule: at once, +250, +750, +1750 ms, and the fifth refused as for a new number;
        // had it gone on, the next gaps (500 ms, 1 s, 2 s) would have let only two through
        assertThat(afterQuiet.answers()).filteredOn(answer -> answer.statusCode() == 200).hasSize(4);
        HttpResponse<String> refused = afterQuiet.answers().stream()
                .filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("4");
    }

    /** Sends one message to each receiver given, all at once, each with a body of its own. */
    private Sent sendAll(String... receivers) {
        List<String> answeredInOrder = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, receivers.length).mapToObj(i -> {
            String body = "send " + i;
            return api.postAsync("/send", SendClient.json("ACME", receivers[i], body), "application/json")
                    .whenComplete((answer, failure) -> {
                        if (answer != null && answer.statusCode() == 200) {
                            answeredInOrder.add(body);
                        }
                    });
        }).toList();
        return new Sent(all(calls), List.copyOf(answeredInOrder));
    }

    private record Sent(List<HttpResponse<String>> answers, List<String> answeredInOrder) {
    }

    private double heldNow() {
        return meters.get("sms.delay.held").gauge().value();
    }

    private boolean wouldRefuse(String number) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(SmsRequest.PROPERTY, new SmsRequest("ACME", number, "look"));
        try {
            delay.refuseBeyondLongestWait(exchange);
            return false;
        } catch (SendFailure refused) {
            return true;
        }
    }

    private static List<String> bodiesAtProvider(String number) {
        return SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).stream()
                .map(request -> request.formParameters().get("Body").firstValue()).toList();
    }

    private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> calls) {
        return calls.stream().map(CompletableFuture::join).toList();
    }
}
