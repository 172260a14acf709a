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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The balance circuit: routes balance-timer, balance-check and balance-twilio, and the guard in
 * send-pipeline. Checked every second; two failed checks in a row apply the fail mode (open).
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalanceCheckRouteTest extends StubbedProviderTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext camel;

    @Test
    @Order(1)
    void refusesSendsWith503WhileTheBalanceIsEmpty() {
        stubSends();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));

        await().atMost(Duration.ofSeconds(3)).until(() -> SendClient.body(api.send("ACME", Numbers.unique(), "hi"))
                .get("message").asText().equals("the provider balance is exhausted: sends are paused"));
        HttpResponse<String> refused = api.send("ACME", Numbers.unique(), "hi");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(SendClient.body(refused).get("message").asText())
                .isEqualTo("the provider balance is exhausted: sends are paused");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        assertThat(meters.get("sms.circuit.open").tag("provider", "twilio").gauge().value()).isEqualTo(1);
        assertThat(meters.get("sms.balance").tag("provider", "twilio").gauge().value()).isEqualTo(0);
    }

    @Test
    @Order(2)
    void resumesWithinOneIntervalOfTheBalanceBeingRestored() {
        stubSends();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 503);

        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("12.50")));
        long restored = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);

        // one interval (1 s), plus the check's own round trip and the probing sends
        assertThat(Duration.ofNanos(System.nanoTime() - restored)).isLessThan(Duration.ofMillis(2000));
        assertThat(meters.get("sms.balance").tag("provider", "twilio").gauge().value()).isEqualTo(12.5);
        assertThat(meters.get("sms.circuit.open").tag("provider", "twilio").gauge().value()).isZero();
    }

    @Test
    @Order(3)
    void keepsTheLastStateWhenTheCheckFailsThenBlocksAfterTheThreshold() {
        stubSends();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("12.50")));
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
        double failuresBefore = failures();

        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.error(500, 20500, "Internal Server Error")));
        await().atMost(Duration.ofSeconds(3)).until(() -> failures() == failuresBefore + 1);
        HttpResponse<String> afterOneFailure = api.send("ACME", Numbers.unique(), "hi");
        await().atMost(Duration.ofSeconds(3)).until(() -> failures() >= failuresBefore + 2);
        HttpResponse<String> afterThreshold = api.send("ACME", Numbers.unique(), "hi");

        assertThat(afterOneFailure.statusCode()).as("last known state: closed").isEqualTo(200);
        assertThat(afterThreshold.statusCode()).isEqualTo(503);
        assertThat(SendClient.body(afterThreshold).get("message").asText())
                .isEqualTo("the provider balance cannot be checked: sends are paused");
    }

    @Test
    @Order(4)
    void anAccountSuspendedAnswerOpensTheCircuitAtOnceAndTriggersARecheck() {
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("12.50")));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
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
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
    }

    @Test
    void loadsTheBalanceRoutes() {
        assertThat(ExpectedRoutes.loaded(camel)).isEqualTo(ExpectedRoutes.with("provider-twilio", "balance-twilio", "balance-timer"));
    }

    private void stubSends() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    private double failures() {
        var counter = meters.find("sms.balance.check.failures").tag("provider", "twilio").counter();
        return counter == null ? 0 : counter.count();
    }
}
