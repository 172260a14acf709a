package io.smsgateway.send;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.smsgateway.delivery.CallbackTargets;
import io.smsgateway.delivery.ForwardingProperties;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads and validates {@code {sender, receiver, body}} and the optional extension
 * {@code statusCallback} — the first step of the send pipeline (HTTP, file drop, JMS), so nothing
 * invalid spends rate budget or reaches a provider.
 */
@Component("smsRequests")
class SmsRequests {

    static final int MAX_BODY_CHARACTERS = 1600;
    private static final Pattern SENDER_ID = Pattern.compile("[A-Za-z0-9 ]{1,11}");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final boolean strictNumbers;
    private final boolean forwarding;
    private final CallbackTargets callbackTargets;

    @Autowired
    SmsRequests(SendProperties properties, ForwardingProperties forwarding) {
        this(properties, forwarding.enabled(), new CallbackTargets(forwarding.allowHttp(), forwarding.allowPrivate()));
    }

    SmsRequests(SendProperties properties, boolean forwarding, CallbackTargets callbackTargets) {
        this.strictNumbers = properties.strictNumbers();
        this.forwarding = forwarding;
        this.callbackTargets = callbackTargets;
    }

    /** Without status forwarding (SMS_CALLBACK_SECRET unset). */
    SmsRequests(SendProperties properties) {
        this(properties, false, new CallbackTargets(false, false));
    }

    /** Replaces the body with the validated {@link SmsRequest}, also kept as an exchange property. */
    public void parse(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        SmsRequest request = parse(body instanceof String text ? text : utf8(exchange.getMessage().getBody(byte[].class)));
        exchange.setProperty(SmsRequest.PROPERTY, request);
        exchange.setProperty(SmsRequest.COUNTRY, PhoneNumbers.countryOf(request.receiver()));
        exchange.getMessage().setBody(request);
    }

    /** Bytes as they came: only valid UTF-8 is read, never patched with replacement characters. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw SendFailure.invalid("request body is not valid UTF-8");
        }
    }

    SmsRequest parse(String text) {
        if (text == null || text.isBlank()) {
            throw SendFailure.invalid("request body is empty: expected a JSON object with sender, receiver and body");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw SendFailure.invalid("request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw SendFailure.invalid("request body must be a JSON object with sender, receiver and body");
        }
        List<String> problems = new ArrayList<>();
        String sender = sender(text(root, "sender", problems), problems);
        String receiver = receiver(text(root, "receiver", problems), problems);
        String body = body(text(root, "body", problems), problems);
        String statusCallback = statusCallback(root, problems);
        if (!problems.isEmpty()) {
            throw SendFailure.invalid(String.join("; ", problems));
        }
        return new SmsRequest(sender, receiver, body, statusCallback);
    }

    /**
     * The optional statusCallback: absent or null for none; otherwise only with SMS_CALLBACK_SECRET
     * set, and only a URL {@link CallbackTargets} accepts (its host resolved here: SSRF).
     */
    private String statusCallback(JsonNode root, List<String> problems) {
        JsonNode node = root.get("statusCallback");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            problems.add("statusCallback must be a non-empty string (an https URL)");
            return null;
        }
        if (!forwarding) {
            problems.add("statusCallback is not accepted: this gateway is not configured to forward statuses "
                    + "(SMS_CALLBACK_SECRET is unset)");
            return null;
        }
        String url = node.textValue().trim();
        if (problems.isEmpty()) { // resolving a name is the costly part: only for an otherwise valid message
            try {
                callbackTargets.check(url);
            } catch (CallbackTargets.Refused e) {
                problems.add("statusCallback " + e.getMessage());
                return null;
            }
        } else {
            try {
                callbackTargets.parse(url);
            } catch (CallbackTargets.Refused e) {
                problems.add("statusCallback " + e.getMessage());
                return null;
            }
        }
        return url;
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            problems.add(field + " is required");
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string");
            return null;
        }
        if (node.textValue().isEmpty()) {
            problems.add(field + " must not be empty");
            return null;
        }
        if (hasLoneSurrogate(node.textValue())) {
            problems.add(field + " must be valid Unicode text (it holds half of a surrogate pair)");
            return null;
        }
        return node.textValue();
    }

    private String receiver(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return PhoneNumbers.toE164(value, strictNumbers);
        } catch (IllegalArgumentException e) {
            problems.add("receiver " + e.getMessage());
            return null;
        }
    }

    private String sender(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("+")) {
            try {
                return PhoneNumbers.toE164(value, strictNumbers);
            } catch (IllegalArgumentException e) {
                problems.add("sender " + e.getMessage());
                return null;
            }
        }
        if (SENDER_ID.matcher(value).matches() && HAS_LETTER.matcher(value).matches()) {
            return value;
        }
        problems.add("sender must be a number in international format (e.g. +15017122661) or an alphanumeric "
                + "sender ID of 1 to 11 letters, digits and spaces with at least one letter");
        return null;
    }

    private static String body(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        int characters = value.codePointCount(0, value.length());
        if (characters > MAX_BODY_CHARACTERS) {
            problems.add("body must be at most " + MAX_BODY_CHARACTERS + " characters (got " + characters + ")");
            return null;
        }
        if (value.isBlank()) {
            problems.add("body must not be blank");
            return null;
        }
        if (value.chars().anyMatch(SmsRequests::isForbiddenControl)) {
            problems.add("body must not contain control characters other than line breaks and tabs");
            return null;
        }
        if (value.chars().anyMatch(SmsRequests::isBidiOverride)) {
            problems.add("body must not contain bidirectional embedding, override or isolate controls"
                    + " (U+202A to U+202E, U+2066 to U+2069): they make a link read other than it leads");
            return null;
        }
        return value;
    }

    // right-to-left text needs none of these; a spoofed link does
    private static boolean isBidiOverride(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isForbiddenControl(int c) {
        return Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t';
    }
}
