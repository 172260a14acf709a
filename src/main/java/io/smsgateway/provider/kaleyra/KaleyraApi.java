package io.smsgateway.provider.kaleyra;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smsgateway.delivery.CallbackProperties;
import io.smsgateway.message.ProviderResult;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.provider.ConditionalOnProvider;
import io.smsgateway.provider.FormBody;
import io.smsgateway.provider.ProviderAnswer;
import io.smsgateway.provider.ProviderCalls;
import io.smsgateway.provider.SegmentCounter;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Builds Kaleyra's requests and reads its answers (kaleyra.io API v1); the route makes the call. */
@Component("kaleyra")
@ConditionalOnProvider("kaleyra")
class KaleyraApi {

    // "2019-11-04 10:42:23+00:00", Kaleyra's createdDateTime
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

    private final Map<String, String> credentials;
    private final String messageType;
    private final String balancePointer;
    private final ProviderCalls calls;
    private final String callback;

    KaleyraApi(KaleyraProperties properties, CallbackProperties callbacks, ProviderCalls calls) {
        this.calls = calls;
        // the callback object (url, method) as a JSON text in the form: not confirmed by Kaleyra's documentation
        this.callback = callbacks.kaleyraUrl() == null ? null
                : JsonNodeFactory.instance.objectNode().put("url", callbacks.kaleyraUrl()).put("method", "POST").toString();
        properties.requireComplete();
        credentials = Map.of("api-key", properties.apiKey().trim());
        messageType = properties.messageType() == null || properties.messageType().isBlank()
                ? null : properties.messageType().trim();
        balancePointer = "/" + properties.balanceField().trim().replace('.', '/');
    }

    /**
     * The messages form: to, sender, body and, when configured, type; callback when SMS_PUBLIC_URL and
     * KALEYRA_CALLBACK_SECRET are set.
     */
    public void sendRequest(Exchange exchange) {
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        calls.request(exchange, "send", credentials, FormBody.encode(
                "to", request.receiver(), "sender", request.sender(), "body", request.body(), "type", messageType, "callback", callback));
    }

    /** Any 2xx becomes the result; segments are counted here, as Kaleyra does not report them. */
    public ProviderResult sendAnswer(Exchange exchange) {
        ProviderAnswer answer = calls.answer(exchange);
        if (!answer.isSuccess()) {
            throw answer.failure("Kaleyra", errorCode(answer.json()), errorMessage(answer.json()));
        }
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        JsonNode first = answer.json().path("data").path(0).path("message_id");
        String sid = first.isValueNode() ? first.asText() : answer.requireText("id", "Kaleyra");
        return new ProviderResult(sid, "accepted", Integer.toString(SegmentCounter.count(request.body())),
                created(answer.text("createdDateTime")));
    }

    /** The balance resource, whose path is configurable: a GET with the api-key header. */
    public void balanceRequest(Exchange exchange) {
        calls.request(exchange, "balance", credentials, null);
    }

    /** The balance at KALEYRA_BALANCE_FIELD (a dotted path), a number or a numeric string. */
    public BigDecimal balanceAnswer(Exchange exchange) {
        return calls.answer(exchange).balanceAt(balancePointer, "Kaleyra balance");
    }

    // Kaleyra's error bodies are not documented; these are the shapes seen in its clients.
    private static String errorCode(JsonNode json) {
        JsonNode code = json.path("code");
        if (!code.isValueNode()) {
            code = json.path("error").path("code");
        }
        return code.isValueNode() && !code.isNull() ? code.asText() : null;
    }

    private static String errorMessage(JsonNode json) {
        for (JsonNode candidate : new JsonNode[] {json.path("message"), json.path("error").path("message"), json.path("error")}) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return null;
    }

    private static Instant created(String date) {
        if (date == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(date, CREATED).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
