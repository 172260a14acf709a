package io.smsgateway.delivery;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioCallbacks;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Delivery statuses through Twilio, end to end: the send carries StatusCallback, a callback signed as
 * Twilio signs it is recorded and shown at GET /messages/{sid}, and one that is not is refused and
 * records nothing.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "PROVIDER_TIMEOUT=3s",
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_PUBLIC_URL=" + TwilioDeliveryStatusTest.PUBLIC_URL
        })
class TwilioDeliveryStatusTest extends StubbedProviderTest {

    @Autowired
    MeterRegistry meters;

    static final String PUBLIC_URL = "https://sms.example.com/gateway";
    private static final String CALLBACK_URL = PUBLIC_URL + "/callbacks/twilio";

    @Test
    void aSignedCallbackJoinsTheHistoryShownAtMessagesWithTheReceiverMasked() throws Exception {
        String receiver = Numbers.unique();
        String sid = sent(receiver);

        var request = SERVER.findAll(TwilioStub.sends()).get(0);
        assertThat(request.formParameters().get("StatusCallback").firstValue()).isEqualTo(CALLBACK_URL);
        JsonNode queued = SendClient.body(api.get("/messages/" + sid));
        assertThat(queued.get("status").asText()).isEqualTo("queued");

        Map<String, String> form = TwilioCallbacks.form(sid, receiver, "undelivered", "30005");
        HttpResponse<String> answer = TwilioCallbacks.post(api, form,
                TwilioCallbacks.signature(TwilioStub.AUTH_TOKEN, CALLBACK_URL, form));

        assertThat(answer.statusCode()).isEqualTo(204);
        HttpResponse<String> shown = api.get("/messages/" + sid);
        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode message = SendClient.body(shown);
        assertThat(message.get("sid").asText()).isEqualTo(sid);
        assertThat(message.get("provider").asText()).isEqualTo("twilio");
        // +1 numbers are US or Canadian, by their area code
        String country = PhoneNumbers.countryOf(receiver);
        assertThat(country).isIn("US", "CA");
        assertThat(message.get("country").asText()).isEqualTo(country);
        assertThat(message.get("receiver").asText()).isEqualTo("+1*******" + receiver.substring(receiver.length() - 3));
        assertThat(message.get("status").asText()).isEqualTo("undelivered");
        assertThat(message.get("errorCode").asText()).isEqualTo("30005");
        assertThat(message.get("history")).extracting(change -> change.get("status").asText())
                .containsExactly("queued", "undelivered");
        assertThat(message.get("history").get(1).get("time").asText()).isNotBlank();
        assertThat(shown.body()).doesNotContain(receiver.substring(1));
        JsonNode schemas = new ObjectMapper().readTree(getClass().getResource("/openapi/sms-gateway.json")).path("components").path("schemas");
        assertThat(message.fieldNames()).toIterable().as("as the API document describes it")
                .containsExactlyElementsOf(() -> schemas.path("MessageStatus").path("properties").fieldNames());
        assertThat(message.get("history").get(0).fieldNames()).toIterable()
                .containsExactlyElementsOf(() -> schemas.path("StatusChange").path("properties").fieldNames());
        assertThat(meters.find("sms.delivery.status").tags("provider", "twilio", "country", country, "status", "sent").counter())
                .isNotNull();
        assertThat(meters.find("sms.delivery.status").tags("provider", "twilio", "country", country, "status", "undelivered")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void refusesAWrongSignatureABodyReplayedForAnotherUrlAndNoSignatureRecordingNothing() {
        String receiver = Numbers.unique();
        String sid = sent(receiver);
        Map<String, String> form = TwilioCallbacks.form(sid, receiver, "delivered", null);

        HttpResponse<String> wrongToken = TwilioCallbacks.post(api, form,
                TwilioCallbacks.signature("another-auth-token", CALLBACK_URL, form));
        // what the Host header of this request would make of the URL: signed for it, not for SMS_PUBLIC_URL
        HttpResponse<String> otherUrl = TwilioCallbacks.post(api, form,
                TwilioCallbacks.signature(TwilioStub.AUTH_TOKEN, api.base() + "/callbacks/twilio", form));
        HttpResponse<String> tampered = TwilioCallbacks.post(api, TwilioCallbacks.form(sid, receiver, "failed", null),
                TwilioCallbacks.signature(TwilioStub.AUTH_TOKEN, CALLBACK_URL, form));
        HttpResponse<String> unsigned = TwilioCallbacks.post(api, form, null);

        for (HttpResponse<String> refused : new HttpResponse[] {wrongToken, otherUrl, tampered, unsigned}) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            JsonNode error = SendClient.body(refused);
            assertThat(error.get("statusCode").asInt()).isEqualTo(403);
            assertThat(error.get("error").asText()).isEqualTo("Forbidden");
            assertThat(error.get("message").asText()).startsWith("callback refused: ");
        }
        assertThat(SendClient.body(unsigned).get("message").asText()).contains("X-Twilio-Signature header is missing");
        assertThat(SendClient.body(api.get("/messages/" + sid)).get("history"))
                .extracting(change -> change.get("status").asText()).containsExactly("queued");
    }

    @Test
    void aMessageIsFoundByTheRequestIdOfItsSendWithTheSameAnswerAsByItsSid() {
        String receiver = Numbers.unique();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created(sid)));
        HttpResponse<String> response = api.sendJson(SendClient.json("+15017122661", receiver, "Your code is 123456"),
                "x-request-id", "req-42");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        HttpResponse<String> byRequestId = api.get("/messages?requestId=req-42");

        assertThat(byRequestId.statusCode()).as(byRequestId.body()).isEqualTo(200);
        JsonNode message = SendClient.body(byRequestId);
        assertThat(message.get("sid").asText()).isEqualTo(sid);
        assertThat(message.get("requestId").asText()).isEqualTo("req-42");
        assertThat(message.get("provider").asText()).isEqualTo("twilio");
        assertThat(message.get("failedOverFrom").isNull()).isTrue();
        assertThat(message.get("history")).extracting(change -> change.get("status").asText()).containsExactly("queued");
        assertThat(message).isEqualTo(SendClient.body(api.get("/messages/" + sid)));
        assertThat(byRequestId.body()).doesNotContain(receiver.substring(1));
    }

    @Test
    void aRequestIdUnknownMissingOrTooLongIsAnsweredInTheErrorShape() {
        HttpResponse<String> unknown = api.get("/messages?requestId=req-never-sent");
        HttpResponse<String> missing = api.get("/messages");
        HttpResponse<String> empty = api.get("/messages?requestId=");
        HttpResponse<String> tooLong = api.get("/messages?requestId=" + "r".repeat(257));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SendClient.body(unknown).get("error").asText()).isEqualTo("Not Found");
        for (HttpResponse<String> refused : new HttpResponse[] {missing, empty, tooLong}) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(SendClient.body(refused).get("statusCode").asInt()).isEqualTo(400);
        }
        assertThat(api.get("/messages?requestId=" + "r".repeat(256)).statusCode()).as("256 characters: looked up").isEqualTo(404);
    }

    @Test
    void aRequestIdInTheHeadersIsNotTheQuerysParameter() throws Exception {
        // a header named requestId must not stand for the query parameter
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/messages"))
                .header("requestId", "req-42").GET().build();
        HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    }

    @Test
    void anUnknownSidIsNotFoundInTheErrorShape() {
        HttpResponse<String> answer = api.get("/messages/SMffffffffffffffffffffffffffffffff");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(SendClient.body(answer).get("error").asText()).isEqualTo("Not Found");
    }

    private String sent(String receiver) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created(sid)));
        HttpResponse<String> response = api.send("+15017122661", receiver, "Your code is 123456");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return sid;
    }
}
