package io.smsgateway.delivery;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Delivery statuses through Kaleyra, end to end: the send carries the callback, a report with the
 * right secret in its path is recorded — its parameters read tolerantly — and one without is refused.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "PROVIDER_TIMEOUT=3s",
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_PUBLIC_URL=https://sms.example.com",
                "KALEYRA_CALLBACK_SECRET=" + KaleyraDeliveryStatusTest.SECRET
        })
class KaleyraDeliveryStatusTest extends StubbedProviderTest {

    static final String SECRET = "kaleyra-callback-secret-5e1f0a";

    @Test
    void aReportWithTheSecretIsRecordedWhateverItsShapeAndOneWithoutIsRefused() throws Exception {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
        assertThat(api.send("KLRHXA", Numbers.unique(), "Your code is 123456").statusCode()).isEqualTo(200);
        var request = SERVER.findAll(KaleyraStub.sends()).get(0);
        JsonNode callback = new ObjectMapper().readTree(request.formParameters().get("callback").firstValue());
        assertThat(callback.get("url").asText()).isEqualTo("https://sms.example.com/callbacks/kaleyra/" + SECRET);
        assertThat(callback.get("method").asText()).isEqualTo("POST");
        String sid = KaleyraStub.MESSAGE_ID;

        HttpResponse<String> wrongSecret = api.post("/callbacks/kaleyra/not-the-secret-at-all-0000",
                "{\"id\": \"" + sid + "\", \"status\": \"DELIVRD\"}", "application/json");
        HttpResponse<String> json = api.post("/callbacks/kaleyra/" + SECRET,
                "{\"id\": \"" + sid + "\", \"status\": \"DELIVRD\"}", "application/json");
        HttpResponse<String> query = api.get("/callbacks/kaleyra/" + SECRET + "?message_id=" + sid + "&status=FAILED&error_code=E410");

        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(SendClient.body(wrongSecret).get("statusCode").asInt()).isEqualTo(403);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(204);
        assertThat(query.statusCode()).as(query.body()).isEqualTo(204);
        JsonNode message = SendClient.body(api.get("/messages/" + sid));
        assertThat(message.get("provider").asText()).isEqualTo("kaleyra");
        assertThat(message.get("history")).extracting(change -> change.get("status").asText())
                .containsExactly("accepted", "DELIVRD", "FAILED");
        assertThat(message.get("errorCode").asText()).isEqualTo("E410");
    }
}
