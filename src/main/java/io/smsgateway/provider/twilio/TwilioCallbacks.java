package io.smsgateway.provider.twilio;

import java.util.List;
import java.util.Map;

import io.smsgateway.delivery.CallbackProperties;
import io.smsgateway.delivery.StatusReport;
import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ConditionalOnProvider;
import io.smsgateway.provider.FormBody;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * POST /callbacks/twilio: a status callback, believed only when its X-Twilio-Signature is right for
 * the URL Twilio was given (SMS_PUBLIC_URL/callbacks/twilio, never built from the Host header) and
 * the form it carries. Without the auth token (an API key signs nothing) every callback is refused.
 */
@Component("twilioCallbacks")
@ConditionalOnProvider("twilio")
class TwilioCallbacks {

    static final String SIGNATURE = "X-Twilio-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(TwilioCallbacks.class);

    private final String authToken;
    private final String url;

    TwilioCallbacks(TwilioProperties properties, CallbackProperties callbacks) {
        this.authToken = properties.signingToken();
        this.url = callbacks.twilioUrl();
        if (url != null && authToken == null) {
            LOG.warn("SMS_PUBLIC_URL is set but TWILIO_AUTH_TOKEN is not: Twilio signs its status callbacks with the auth "
                    + "token, not an API key, so every callback to {} will be refused (403) and no delivery status recorded", url);
        }
    }

    /** The report of a callback whose signature is right; 403 otherwise, with nothing read from it. */
    public StatusReport verify(Exchange exchange) {
        if (url == null) {
            throw refused("SMS_PUBLIC_URL is not set: the URL Twilio signed is unknown");
        }
        if (authToken == null) {
            throw refused("TWILIO_AUTH_TOKEN is not set: Twilio signs callbacks with the auth token, not an API key");
        }
        String signature = exchange.getMessage().getHeader(SIGNATURE, String.class);
        if (signature == null || signature.isBlank()) {
            throw refused("the X-Twilio-Signature header is missing");
        }
        Map<String, List<String>> form;
        try {
            form = FormBody.decode(exchange.getMessage().getBody(String.class));
        } catch (IllegalArgumentException e) {
            throw refused("the X-Twilio-Signature is not right for this request");
        }
        if (!TwilioSignature.matches(signature, authToken, url, form)) {
            throw refused("the X-Twilio-Signature is not right for this request");
        }
        return new StatusReport("twilio", first(form, "MessageSid"), first(form, "MessageStatus"), first(form, "ErrorCode"));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static SendFailure refused(String why) {
        return new SendFailure(403, "callback_refused", "callback refused: " + why, null);
    }
}
