package io.smsgateway.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.smsgateway.delivery.CallbackProperties;
import io.smsgateway.delivery.StatusReport;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** What a callback needs to be believed, and what is refused with 403 before anything is read. */
class TwilioCallbacksTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "the-auth-token";
    private static final CallbackProperties PUBLIC = new CallbackProperties("https://sms.example.com/", null);
    private static final String FORM = "MessageSid=SM1&MessageStatus=delivered&To=%2B15558675310";

    @Test
    void readsTheSidStatusAndErrorCodeOfASignedCallback() {
        TwilioCallbacks callbacks = new TwilioCallbacks(properties(TOKEN, null, null), PUBLIC);
        String signature = TwilioSignature.of(TOKEN, "https://sms.example.com/callbacks/twilio",
                Map.of("MessageSid", List.of("SM1"), "MessageStatus", List.of("delivered"), "To", List.of("+15558675310")));

        StatusReport report = callbacks.verify(callback(FORM, signature));

        assertThat(report).isEqualTo(new StatusReport("twilio", "SM1", "delivered", null));
    }

    @Test
    void refusesEveryCallbackWithAnApiKeyAndNoAuthToken() {
        TwilioCallbacks callbacks = new TwilioCallbacks(properties(null, "SK0123", "secret"), PUBLIC);
        String signedWithTheSecret = TwilioSignature.of("secret", "https://sms.example.com/callbacks/twilio", Map.of());

        assertThatThrownBy(() -> callbacks.verify(callback("", signedWithTheSecret)))
                .isInstanceOfSatisfying(SendFailure.class, failure -> assertThat(failure.status()).isEqualTo(403))
                .hasMessageContaining("TWILIO_AUTH_TOKEN is not set");
    }

    @Test
    void refusesEveryCallbackWithoutThePublicUrl() {
        TwilioCallbacks callbacks = new TwilioCallbacks(properties(TOKEN, null, null), new CallbackProperties(null, null));

        assertThatThrownBy(() -> callbacks.verify(callback(FORM, "anything")))
                .isInstanceOfSatisfying(SendFailure.class, failure -> assertThat(failure.status()).isEqualTo(403))
                .hasMessageContaining("SMS_PUBLIC_URL is not set");
    }

    private static TwilioProperties properties(String token, String apiKey, String apiSecret) {
        return new TwilioProperties("https://api.twilio.com", SID, token, apiKey, apiSecret);
    }

    private static Exchange callback(String form, String signature) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(form);
        exchange.getMessage().setHeader(TwilioCallbacks.SIGNATURE, signature);
        return exchange;
    }
}
