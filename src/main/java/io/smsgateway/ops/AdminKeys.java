package io.smsgateway.ops;

import java.util.List;

import io.smsgateway.message.Operators;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * SMS_ADMIN_KEYS, apart from the send keys: the admin API exists only when it is set, and each of
 * its calls needs one of its keys ({@code Authorization: Bearer <key>} or {@code X-Admin-Key}),
 * whose label names the operator in the log of what was done.
 */
@Component("adminKeys")
class AdminKeys {

    private final KeyRing keys;

    AdminKeys(@Value("${sms.admin-keys:}") String keys) {
        this.keys = new KeyRing(List.of(keys.split(",")), true, "SMS_ADMIN_KEYS");
    }

    /** Whether the admin API is served at all. */
    public boolean isEnabled() {
        return !keys.isEmpty();
    }

    /** Lets the call through with a known admin key, the key's label as {@link Operators#PROPERTY}; 401 otherwise. */
    public void authorize(Exchange exchange) {
        Message message = exchange.getMessage();
        String presented = KeyRing.presented(message, "X-Admin-Key");
        message.removeHeader("Authorization");
        message.removeHeader("X-Admin-Key");
        String label = presented == null ? null : keys.labelOf(presented).orElse(null);
        if (label == null) {
            throw new SendFailure(401, "unauthorized", presented == null
                    ? "an admin key is required: Authorization: Bearer <key> or X-Admin-Key: <key>" : "the admin key is not valid", null);
        }
        exchange.setProperty(Operators.PROPERTY, label);
    }
}
