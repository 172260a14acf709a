package io.smsgateway.provider;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Twilio cannot be reached at all — nothing listens where it should — so the request was never
 * written: the send fails over to Kaleyra at once, counted as {@code unreachable}.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "SMS_SECONDARY_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "RATE_LIMIT_MAX_REQUESTS=1000000"
        })
@DirtiesContext
class ProviderFailoverUnreachableTest extends StubbedProviderTest {

    // a port nobody listens on: the connection is refused before anything is written
    private static final String NOBODY = "http://127.0.0.1:" + Brokers.freePort();

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void twilioNowhere(DynamicPropertyRegistry registry) {
        registry.add("sms.twilio.base-url", () -> NOBODY);
    }

    @Test
    void failsOverAtOnceWhenThePrimaryRefusesTheConnection() {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));

        HttpResponse<String> answer = api.send("ACME", Numbers.unique(), "Your code is 123456");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(SendClient.body(answer).get("provider").asText()).isEqualTo("kaleyra");
        assertThat(SERVER.findAll(KaleyraStub.sends())).hasSize(1);
        assertThat(meters.get("sms.provider.failovers").tag("cause", "unreachable").counter().count()).isEqualTo(1);
    }
}
