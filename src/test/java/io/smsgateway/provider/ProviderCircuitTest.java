package io.smsgateway.provider;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Twilio's health circuit (Resilience4j) and its balance circuit, each sending to Kaleyra at once
 * while open, with no call to Twilio; the health circuit lets a probe through after
 * PROVIDER_CIRCUIT_OPEN_TIME and closes when Twilio answers again.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "SMS_SECONDARY_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "PROVIDER_CIRCUIT_MINIMUM_CALLS=2",
                "PROVIDER_CIRCUIT_WINDOW=2",
                "PROVIDER_CIRCUIT_OPEN_TIME=1s",
                "PROVIDER_CIRCUIT_HALF_OPEN_CALLS=1",
                "TWILIO_EMPTY_BALANCE_CHECK=true",
                "BALANCE_CHECK_INTERVAL=1s"
        })
@DirtiesContext
class ProviderCircuitTest extends StubbedProviderTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void anOpenHealthCircuitSendsToTheSecondaryAtOnceAndAProbeClosesIt() {
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("10.00")));
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        // Twilio healthy, its balance known: sends go to it
        await().atMost(Duration.ofSeconds(10)).until(() -> "twilio".equals(provider(api.send("ACME", Numbers.unique(), "up"))));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(503, 20503, "Service Unavailable")));
        // 5xx answers are never failed over (the message may have gone out), but they open the circuit
        await().atMost(Duration.ofSeconds(10)).until(() -> "kaleyra".equals(provider(api.send("ACME", Numbers.unique(), "down"))));
        SERVER.resetRequests();

        String whileOpen = provider(api.send("ACME", Numbers.unique(), "while open"));

        assertThat(whileOpen).isEqualTo("kaleyra");
        assertThat(meters.get("sms.provider.circuit.open").tag("provider", "twilio").gauge().value()).isPositive();
        assertThat(SERVER.findAll(TwilioStub.sends())).as("no call to Twilio while its circuit is open").isEmpty();

        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "twilio".equals(provider(api.send("ACME", Numbers.unique(), "probe"))));
        assertThat(provider(api.send("ACME", Numbers.unique(), "closed"))).isEqualTo("twilio");
    }

    @Test
    void anOpenBalanceCircuitSendsToTheSecondary() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "kaleyra".equals(provider(api.send("ACME", Numbers.unique(), "hi"))));
        SERVER.resetRequests();

        assertThat(provider(api.send("ACME", Numbers.unique(), "hi"))).isEqualTo("kaleyra");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();

        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("10.00")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "twilio".equals(provider(api.send("ACME", Numbers.unique(), "hi"))));
    }

    /** The provider an answer names; none for an error answer. */
    private static String provider(HttpResponse<String> answer) {
        return SendClient.body(answer).path("provider").asText("");
    }
}
