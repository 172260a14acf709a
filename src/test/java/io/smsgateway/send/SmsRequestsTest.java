package io.smsgateway.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import io.smsgateway.delivery.CallbackTargets;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first step of send-pipeline, {@link SmsRequests#parse(String)}, without HTTP: every bad input
 * is a 400 "validation" failure naming the problem. SendPipelineRouteTest sends a few of them
 * through the service, to see the answer and that no provider is called.
 */
class SmsRequestsTest {

    private static final String OK_SENDER = "\"sender\":\"ACME\"";
    private static final String OK_RECEIVER = "\"receiver\":\"+15558675310\"";
    private static final String OK_BODY = "\"body\":\"Your code is 123456\"";

    private final SmsRequests requests = new SmsRequests(new SendProperties(false));

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
    void refusesBadInputAs400ValidationNamingTheProblem(String name, String json, String message) {
        assertThatThrownBy(() -> requests.parse(json)).isInstanceOfSatisfying(SendFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(400);
            assertThat(failure.reason()).isEqualTo("validation");
            assertThat(failure.getMessage()).contains(message);
        });
    }

    @Test
    void refusesANullBodyAsAnEmptyOne() {
        assertThatThrownBy(() -> requests.parse((String) null)).isInstanceOfSatisfying(SendFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(400);
            assertThat(failure.reason()).isEqualTo("validation");
            assertThat(failure.getMessage()).contains("request body is empty");
        });
    }

    @Test
    void readsAValidRequestWithNumbersInE164() {
        SmsRequest request = requests.parse(
                "{\"sender\":\"+1 (501) 712-2661\",\"receiver\":\"+39 333.123-4567\",\"body\":\"hi\",\"priority\":\"high\"}");

        assertThat(request).isEqualTo(new SmsRequest("+15017122661", "+393331234567", "hi"));
    }

    @Test
    void readsAStatusCallbackOnlyWhenTheGatewayForwardsStatuses() {
        String json = "{\"sender\":\"ACME\",\"receiver\":\"+393331234567\",\"body\":\"hi\","
                + "\"statusCallback\":\"https://127.0.0.1/hook\"}";
        assertThatThrownBy(() -> requests.parse(json)).isInstanceOfSatisfying(SendFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(400);
            assertThat(failure.getMessage()).contains("not configured to forward statuses");
        });

        SmsRequests forwarding = new SmsRequests(new SendProperties(false), true, new CallbackTargets(false, true));
        assertThat(forwarding.parse(json).statusCallback()).isEqualTo("https://127.0.0.1/hook");
        SmsRequests guarded = new SmsRequests(new SendProperties(false), true, new CallbackTargets(false, false));
        assertThatThrownBy(() -> guarded.parse(json)).isInstanceOfSatisfying(SendFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(400);
            assertThat(failure.getMessage()).startsWith("statusCallback must not lead to a loopback");
        });
        assertThatThrownBy(() -> forwarding.parse(json.replace("\"https://127.0.0.1/hook\"", "42")))
                .hasMessageContaining("statusCallback must be a non-empty string");
        assertThat(forwarding.parse(json.replace("\"https://127.0.0.1/hook\"", "null")).statusCallback()).isNull();
    }
}
