package io.smsgateway.provider;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** routes/provider-twilio.camel.yaml with an API key instead of the auth token. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                "TWILIO_API_KEY=SK0123456789abcdef0123456789abcdef",
                "TWILIO_API_SECRET=api-key-secret-55e1"
        })
@DirtiesContext
class ProviderTwilioApiKeyRouteTest extends StubbedProviderTest {

    @Test
    void authenticatesWithTheKeyAndKeepsTheAccountSidInThePath() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        int status = api.send("ACME", "+15558675310", "hi").statusCode();

        assertThat(status).isEqualTo(200);
        var request = SERVER.findAll(TwilioStub.sends()).get(0);
        assertThat(request.getUrl()).isEqualTo(TwilioStub.MESSAGES_PATH);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "SK0123456789abcdef0123456789abcdef:api-key-secret-55e1".getBytes(StandardCharsets.UTF_8)));
    }
}
