package io.smsgateway.send;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** routes/send-pipeline.camel.yaml: validation first, so nothing invalid reaches a provider. */
class SendPipelineRouteTest extends TwilioServiceTest {

    private static final String OK_SENDER = "\"sender\":\"ACME\"";
    private static final String OK_RECEIVER = "\"receiver\":\"+15558675310\"";
    private static final String OK_BODY = "\"body\":\"Your code is 123456\"";

    /**
     * One of each kind through HTTP; every validation case, by name and message, is in
     * SmsRequestsTest, against the parser alone.
     */
    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("truncated JSON", "{" + OK_SENDER + ",\"receiver\":", "request body is not valid JSON"),
                bad("sender missing", "{" + OK_RECEIVER + "," + OK_BODY + "}", "sender is required"),
                bad("unknown country calling code", "{" + OK_SENDER + ",\"receiver\":\"+9991234567\"," + OK_BODY + "}",
                        "receiver has an unknown country calling code"),
                bad("body of 1601 characters", "{" + OK_SENDER + "," + OK_RECEIVER + ",\"body\":\"" + "x".repeat(1601) + "\"}",
                        "body must be at most 1600 characters (got 1601)"),
                bad("empty request body", "", "request body is empty"));
    }

    private static Arguments bad(String name, String json, String message) {
        return Arguments.of(name, json, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void answersBadInputWith400NamingTheProblemAndCallsNoProvider(String name, String json, String message) {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.post("/send", json, "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = SendClient.body(response);
        assertThat(error.get("statusCode").asInt()).isEqualTo(400);
        assertThat(error.get("error").asText()).isEqualTo("Bad Request");
        assertThat(error.get("message").asText()).contains(message);
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void normalisesFormattedNumbersToE164BeforeSending() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.send("+1 (501) 712-2661", "+39 333.123-4567", "hello");

        assertThat(response.statusCode()).isEqualTo(200);
        var request = SERVER.findAll(TwilioStub.sends()).get(0);
        assertThat(request.formParameters().get("To").firstValue()).isEqualTo("+393331234567");
        assertThat(request.formParameters().get("From").firstValue()).isEqualTo("+15017122661");
    }

    @Test
    void acceptsTheOriginalsDocumentedExampleAndIgnoresUnknownFields() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.post("/send",
                "{\"sender\":\"+15017122661\",\"receiver\":\"+15558675310\",\"body\":\"hi\",\"priority\":\"high\"}",
                "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
    }

    @Test
    void acceptsAFullLengthBodyAndAnAlphanumericSenderWithSpaces() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.send("My Shop 24", Numbers.unique(), "é".repeat(1600));

        assertThat(response.statusCode()).isEqualTo(200);
        var request = SERVER.findAll(TwilioStub.sends()).get(0);
        assertThat(request.formParameters().get("From").firstValue()).isEqualTo("My Shop 24");
        assertThat(request.formParameters().get("Body").firstValue()).hasSize(1600);
    }
}
