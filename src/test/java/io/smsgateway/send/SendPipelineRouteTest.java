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

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("sender missing", "{" + OK_RECEIVER + "," + OK_BODY + "}", "sender is required"),
                bad("receiver missing", "{" + OK_SENDER + "," + OK_BODY + "}", "receiver is required"),
                bad("body missing", "{" + OK_SENDER + "," + OK_RECEIVER + "}", "body is required"),
                bad("all missing", "{}", "sender is required; receiver is required; body is required"),
                bad("receiver null", "{" + OK_SENDER + ",\"receiver\":null," + OK_BODY + "}", "receiver is required"),
                bad("sender a number", "{\"sender\":15017122661," + OK_RECEIVER + "," + OK_BODY + "}", "sender must be a string"),
                bad("receiver a number", "{" + OK_SENDER + ",\"receiver\":15558675310," + OK_BODY + "}", "receiver must be a string"),
                bad("body an object", "{" + OK_SENDER + "," + OK_RECEIVER + ",\"body\":{\"text\":\"hi\"}}", "body must be a string"),
                bad("body an array", "{" + OK_SENDER + "," + OK_RECEIVER + ",\"body\":[\"hi\"]}", "body must be a string"),
                bad("receiver a boolean", "{" + OK_SENDER + ",\"receiver\":true," + OK_BODY + "}", "receiver must be a string"),
                bad("sender empty", "{\"sender\":\"\"," + OK_RECEIVER + "," + OK_BODY + "}", "sender must not be empty"),
                bad("receiver empty", "{" + OK_SENDER + ",\"receiver\":\"\"," + OK_BODY + "}", "receiver must not be empty"),
                bad("body empty", "{" + OK_SENDER + "," + OK_RECEIVER + ",\"body\":\"\"}", "body must not be empty"),
                bad("body of 1601 characters", "{" + OK_SENDER + "," + OK_RECEIVER + ",\"body\":\"" + "x".repeat(1601) + "\"}",
                        "body must be at most 1600 characters (got 1601)"),
                bad("unknown country calling code", "{" + OK_SENDER + ",\"receiver\":\"+9991234567\"," + OK_BODY + "}",
                        "receiver has an unknown country calling code"),
                bad("too short for its country", "{" + OK_SENDER + ",\"receiver\":\"+1555867531\"," + OK_BODY + "}",
                        "receiver is too short for its country"),
                bad("too long for its country", "{" + OK_SENDER + ",\"receiver\":\"+393331234567890123\"," + OK_BODY + "}",
                        "receiver is too long for its country"),
                bad("no plus sign", "{" + OK_SENDER + ",\"receiver\":\"15558675310\"," + OK_BODY + "}",
                        "receiver must be a number in international format"),
                bad("letters in the number", "{" + OK_SENDER + ",\"receiver\":\"+1555CALLNOW\"," + OK_BODY + "}",
                        "receiver must be a number in international format"),
                bad("control character in the number", "{" + OK_SENDER + ",\"receiver\":\"+1555867\\u00005310\"," + OK_BODY + "}",
                        "receiver must be a number in international format"),
                bad("newline in the number", "{" + OK_SENDER + ",\"receiver\":\"+1555867\\n5310\"," + OK_BODY + "}",
                        "receiver must be a number in international format"),
                bad("sender ID of 12 characters", "{\"sender\":\"ABCDEFGHIJKL\"," + OK_RECEIVER + "," + OK_BODY + "}",
                        "sender must be a number in international format"),
                bad("sender ID without a letter", "{\"sender\":\"12345\"," + OK_RECEIVER + "," + OK_BODY + "}",
                        "sender must be a number in international format"),
                bad("sender ID with punctuation", "{\"sender\":\"ACME!\"," + OK_RECEIVER + "," + OK_BODY + "}",
                        "sender must be a number in international format"),
                bad("sender number impossible", "{\"sender\":\"+1501\"," + OK_RECEIVER + "," + OK_BODY + "}",
                        "sender is too short for its country"),
                bad("control character in the body", "{" + OK_SENDER + "," + OK_RECEIVER + ",\"body\":\"ring\\u0007\"}",
                        "body must not contain control characters"),
                bad("JSON array", "[{" + OK_SENDER + "," + OK_RECEIVER + "," + OK_BODY + "}]",
                        "request body must be a JSON object"),
                bad("JSON string", "\"hello\"", "request body must be a JSON object"),
                bad("JSON null", "null", "request body must be a JSON object"),
                bad("truncated JSON", "{" + OK_SENDER + ",\"receiver\":", "request body is not valid JSON"),
                bad("trailing garbage", "{" + OK_SENDER + "," + OK_RECEIVER + "," + OK_BODY + "} x", "request body is not valid JSON"),
                bad("duplicate field", "{" + OK_SENDER + "," + OK_RECEIVER + "," + OK_RECEIVER + "," + OK_BODY + "}",
                        "request body is not valid JSON"),
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
