package io.smsgateway.protection;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.ExpectedRoutes;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The balance circuit: routes balance-timer, balance-check and balance-twilio, and the guard in
 * send-pipeline. Checked every second; two failed checks in a row apply the fail mode (open). The
 * tests share one service, so each first brings the circuit to the state it starts from, by checks
 * that read a balance of its own, whatever the tests before it left.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "TWILIO_EMPTY_BALANCE_CHECK=true",
                "BALANCE_CHECK_INTERVAL=1s",
                "BALANCE_CHECK_FAILURE_THRESHOLD=2",
                "RATE_LIMIT_MAX_REQUESTS=1000000"
        })
@DirtiesContext
class BalanceCheckRouteTest extends StubbedProviderTest {

    private static final String EXHAUSTED = "the provider balance is exhausted: sends are paused";
    // a bound on waiting for the next checks, not a speed: they come every second
    private static final Duration CHECKS = Duration.ofSeconds(10);

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext camel;

    @Test
    void refusesSendsWith503WhileTheBalanceIsEmpty() {
        stubSends();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));
        await().atMost(CHECKS).until(() -> refusedAs(EXHAUSTED));
        SERVER.resetRequests();

        HttpResponse<String> refused = api.send("ACME", Numbers.unique(), "hi");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(SendClient.body(refused).get("message").asText()).isEqualTo(EXHAUSTED);
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        assertThat(meters.get("sms.circuit.open").tag("provider", "twilio").gauge().value()).isEqualTo(1);
        assertThat(meters.get("sms.balance").tag("provider", "twilio").gauge().value()).isEqualTo(0);
    }

    @Test
    void resumesOnceACheckReadsTheRestoredBalance() {
        stubSends();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));
        await().atMost(CHECKS).until(() -> refusedAs(EXHAUSTED));

        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("12.50")));

        // the circuit closes at the next check: sends are answered 200 again
        await().atMost(CHECKS).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
        assertThat(meters.get("sms.balance").tag("provider", "twilio").gauge().value()).isEqualTo(12.5);
        assertThat(meters.get("sms.circuit.open").tag("provider", "twilio").gauge().value()).isZero();
    }

    @Test
    void keepsTheLastStateWhenTheCheckFailsThenBlocksAfterTheThreshold() {
        stubSends();
        // closed by a check that read this balance: no failure in a row left from before
        closedByACheckReading("9.75");
        double failuresBefore = failures();

        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.error(500, 20500, "Internal Server Error")));
        await().atMost(CHECKS).until(() -> failures() == failuresBefore + 1);
        HttpResponse<String> afterOneFailure = api.send("ACME", Numbers.unique(), "hi");
        await().atMost(CHECKS).until(() -> failures() >= failuresBefore + 2);
        HttpResponse<String> afterThreshold = api.send("ACME", Numbers.unique(), "hi");

        assertThat(afterOneFailure.statusCode()).as("last known state: closed").isEqualTo(200);
        assertThat(afterThreshold.statusCode()).isEqualTo(503);
        assertThat(SendClient.body(afterThreshold).get("message").asText())
                .isEqualTo("the provider balance cannot be checked: sends are paused");
    }

    @Test
    void anAccountSuspendedAnswerOpensTheCircuitAtOnceAndTriggersARecheck() {
        stubSends();
        closedByACheckReading("13.25");
        SERVER.resetAll();
        // the re-check is slow, so the open circuit can be seen
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("12.50").withFixedDelay(700)));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(401, 20003, "Authenticate")));

        HttpResponse<String> suspended = api.send("ACME", Numbers.unique(), "hi");
        HttpResponse<String> next = api.send("ACME", Numbers.unique(), "hi");

        assertThat(suspended.statusCode()).isEqualTo(502);
        assertThat(next.statusCode()).isEqualTo(503);
        assertThat(SendClient.body(next).get("message").asText())
                .isEqualTo("the provider reported the account suspended or inactive: sends are paused");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        await().atMost(CHECKS).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
    }

    @Test
    void loadsTheBalanceRoutes() {
        assertThat(ExpectedRoutes.loaded(camel)).isEqualTo(ExpectedRoutes.with("provider-twilio", "balance-twilio", "callback-twilio", "balance-timer"));
    }

    private void stubSends() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    /** Awaits sends answered 200 after a check read {@code amount}, a balance no other test reads. */
    private void closedByACheckReading(String amount) {
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf(amount)));
        await().atMost(CHECKS).until(() -> meters.get("sms.balance").tag("provider", "twilio").gauge().value()
                == Double.parseDouble(amount) && api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
    }

    private boolean refusedAs(String message) {
        HttpResponse<String> answer = api.send("ACME", Numbers.unique(), "hi");
        return answer.statusCode() == 503 && SendClient.body(answer).get("message").asText().equals(message);
    }

    private double failures() {
        var counter = meters.find("sms.balance.check.failures").tag("provider", "twilio").counter();
        return counter == null ? 0 : counter.count();
    }
}
