package io.smsgateway.provider;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A provider's HTTP answer as the vertx-http producer leaves it, and the mapping of its failures:
 * the caller learns what it can act on, never the provider's internals or our credentials.
 */
public record ProviderAnswer(int status, JsonNode json, Long retryAfterSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROVIDER_MESSAGE = 300;

    public static ProviderAnswer read(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return new ProviderAnswer(status, json(message.getBody(byte[].class)), retryAfter(message));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The text of a field, or null when it is absent or not a scalar. */
    public String text(String field) {
        JsonNode node = json.path(field);
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** A number at a JSON pointer, written as a number or a string. */
    private BigDecimal decimalAt(String pointer, String what) {
        JsonNode node = json.at(pointer);
        try {
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (node.isTextual()) {
                return new BigDecimal(node.asText().trim());
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(what + " answered no number at " + pointer);
    }

    /** A balance answer's amount at a JSON pointer; any answer but a 2xx is the check's failure. */
    public BigDecimal balanceAt(String pointer, String what) {
        if (!isSuccess()) {
            throw new IllegalStateException(what + " answered HTTP " + status);
        }
        return decimalAt(pointer, what);
    }

    /** The text of a field a success must carry; its absence is the provider's failure (502). */
    public String requireText(String field, String provider) {
        String value = text(field);
        if (value == null || value.isBlank()) {
            throw new SendFailure(502, "provider_error", provider + " answered HTTP " + status + " without a message id", null);
        }
        return value;
    }

    /**
     * @param provider    the provider's name, for the message
     * @param code        the provider's error code, when it gave one
     * @param description the provider's error message, when it gave one
     */
    public SendFailure failure(String provider, String code, String description) {
        return switch (status) {
            case 400, 422 -> new SendFailure(400, "provider_rejected",
                    provider + " rejected the message" + details(code, description), null);
            case 401, 403 -> new SendFailure(502, "provider_auth",
                    provider + " refused the gateway's credentials", null);
            case 429 -> new SendFailure(429, "provider_throttled",
                    provider + " is throttling requests; retry later", retryAfterSeconds == null ? 1L : retryAfterSeconds);
            default -> new SendFailure(502, "provider_error", provider + " answered HTTP " + status, null);
        };
    }

    /** The provider's code and text, any phone number in them masked: they name the receiver in full. */
    private static String details(String code, String description) {
        String text = PhoneNumbers.maskAll(((code == null ? "" : code + " ") + (description == null ? "" : description)).trim());
        if (text.length() > MAX_PROVIDER_MESSAGE) {
            text = text.substring(0, MAX_PROVIDER_MESSAGE) + "...";
        }
        return text.isEmpty() ? "" : ": " + text;
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static Long retryAfter(Message message) {
        String value = message.getHeader("Retry-After", String.class);
        if (value == null) {
            return null;
        }
        try {
            return Math.max(1L, Long.parseLong(value.trim()));
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
