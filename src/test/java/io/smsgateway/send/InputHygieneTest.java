package io.smsgateway.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgateway.message.SendFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the parser refuses beyond the shape of the request: text that is not text, and text that misleads. */
class InputHygieneTest {

    private final SmsRequests requests = new SmsRequests(new SendProperties(false));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a lone high surrogate | {\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"hi \\ud800\"} | body must be valid Unicode text",
            "a lone low surrogate | {\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"\\udc00 hi\"} | body must be valid Unicode text",
            "a whitespace-only body | {\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\" \\n\\t \"} | body must not be blank",
            "a right-to-left override | {\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"see moc.\\u202Eevil\"} | body must not contain bidirectional",
            "a left-to-right embedding | {\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"\\u202Ahi\"} | body must not contain bidirectional",
            "a first-strong isolate | {\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"\\u2068hi\\u2069\"} | body must not contain bidirectional",
            "a number possible only locally | {\"sender\":\"ACME\",\"receiver\":\"+1 555 0191\",\"body\":\"hi\"} | receiver is a local number only",
    })
    void refuses(String name, String json, String message) {
        assertThatThrownBy(() -> requests.parse(json))
                .isInstanceOfSatisfying(SendFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(400);
                    assertThat(failure.reason()).isEqualTo("validation");
                })
                .hasMessageContaining(message);
    }

    @Test
    void keepsOrdinaryRightToLeftTextAndEmojiWorking() {
        String arabic = "\u0631\u0645\u0632\u0643 \u0647\u0648 123456";
        String hebrewWithMark = "\u05D4\u05E7\u05D5\u05D3 \u200F123456";

        assertThat(requests.parse(json(arabic)).body()).isEqualTo(arabic);
        assertThat(requests.parse(json(hebrewWithMark)).body()).isEqualTo(hebrewWithMark);
        assertThat(requests.parse(json("code \uD83D\uDD11 123456")).body()).isEqualTo("code \uD83D\uDD11 123456");
    }

    private static String json(String body) {
        return "{\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"" + body + "\"}";
    }
}
