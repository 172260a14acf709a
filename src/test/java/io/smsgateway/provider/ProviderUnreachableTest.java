package io.smsgateway.provider;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A connection refused happens before any request is written: the message certainly went nowhere. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "SMS_SECONDARY_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "RATE_LIMIT_MAX_REQUESTS=1000000"
        })
@DirtiesContext
class ProviderUnreachableTest extends StubbedProviderTest {

    /** Port 1 (tcpmux): nothing listens there, and no test server is ever given it. */
    @DynamicPropertySource
    static void twilioWhereNothingListens(DynamicPropertyRegistry registry) {
        // the property TWILIO_BASE_URL sets: StubbedProviderTest points that variable at the stub
        registry.add("sms.twilio.base-url", () -> "http://127.0.0.1:1");
    }

    @Test
    void failsOverWhenTheConnectionIsRefused() {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));

        var answer = api.send("ACME", Numbers.unique(), "Your code is 123456");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(SendClient.body(answer).get("provider").asText()).isEqualTo("kaleyra");
        assertThat(SERVER.findAll(KaleyraStub.sends())).hasSize(1);
    }
}
