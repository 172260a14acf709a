package io.smsgateway.protection.fraud;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.PendingWrites;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.ProviderResult;
import io.smsgateway.message.SendFailure;
import io.smsgateway.state.FraudCounters;
import io.smsgateway.state.FraudCounters.Tally;
import io.smsgateway.state.FraudCounters.Verification;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The ledger behind the unverified budget: every send rule 5 let through counts as unverified for
 * its country and prefix — taken back if it never went out — until the application reports its code
 * used (POST /verifications, by sid, or by receiver for callers that have no sid). Conversion — verified over sent — per country is
 * the metric {@code sms_conversion_ratio{country}}.
 */
@Component("verifications")
class Verifications {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final FraudCounters counters;
    private final long windowMillis;
    private final MeterRegistry meters;
    private final Set<String> measuredCountries = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> verified = new ConcurrentHashMap<>();

    Verifications(FraudCounters counters, FraudProperties properties, MeterRegistry meters) {
        this.counters = counters;
        this.windowMillis = properties.unverified().window().toMillis();
        this.meters = meters;
    }

    /** The send-pipeline's step after a provider accepted the message (the body is its result). */
    public void sent(Exchange exchange) {
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        ProviderResult result = exchange.getMessage().getBody(ProviderResult.class);
        UnverifiedSend counted = exchange.getProperty(UnverifiedSend.PROPERTY, UnverifiedSend.class);
        if (counted != null) {
            exchange.removeProperty(UnverifiedSend.PROPERTY);
            // awaited with the send's other writes before the answer (PendingWrites): one round trip
            PendingWrites.add(exchange, counters.rememberLater(result.sid(), receiver.e164(), counted.subjects(), counted.at(),
                    windowMillis));
        } else {
            counters.sent(result.sid(), receiver.e164(), List.of(receiver.countrySubject(), receiver.prefixSubject()),
                    windowMillis);
        }
        if (measuredCountries.add(receiver.country())) {
            String subject = receiver.countrySubject();
            Gauge.builder("sms.conversion.ratio", () -> ratio(counters.tally(subject, windowMillis)))
                    .description("Verified over sent, per country, within SMS_FRAUD_UNVERIFIED_WINDOW")
                    .tag("country", receiver.country()).register(meters);
        }
    }

    /**
     * error-handling's step: a send counted as unverified that certainly did not go out — refused by a
     * protection, by the provider, or never sent — is counted no more. One that may have gone out (a
     * timeout, a 5xx, an unexpected failure) stays counted: the budget errs on the side of the bill.
     */
    public void notSent(Exchange exchange) {
        UnverifiedSend counted = exchange.getProperty(UnverifiedSend.PROPERTY, UnverifiedSend.class);
        SendFailure failure = exchange.getProperty(SendFailure.PROPERTY, SendFailure.class);
        if (counted == null || failure == null) {
            return;
        }
        exchange.removeProperty(UnverifiedSend.PROPERTY);
        if (failure.status() < 500 || failure.status() == 503) {
            counters.uncount(counted.subjects(), counted.at(), windowMillis);
        }
    }

    /**
     * POST /verifications, {@code {"sid": "..."}} or {@code {"receiver": "+..."}}: 200 when the send
     * is counted as verified (once, however often it is reported), 404 for no recent send.
     */
    public Map<String, Object> verify(Exchange exchange) {
        JsonNode request = request(exchange.getMessage().getBody(String.class));
        String sid = text(request, "sid");
        String receiver = text(request, "receiver");
        if (sid == null && receiver == null) {
            throw SendFailure.invalid("give the sid of the message whose code was used, or its receiver");
        }
        String e164 = null;
        if (sid == null) {
            try {
                e164 = PhoneNumbers.toE164(receiver, false);
            } catch (IllegalArgumentException e) {
                throw SendFailure.invalid("receiver " + e.getMessage());
            }
        }
        Verification verification = counters.verify(sid, e164);
        if (verification.outcome() == Verification.Outcome.UNKNOWN) {
            throw new SendFailure(404, "unknown_message", "no message sent within SMS_FRAUD_UNVERIFIED_WINDOW matches", null);
        }
        if (verification.outcome() == Verification.Outcome.VERIFIED) {
            verification.subjects().orElseThrow().stream().filter(subject -> subject.startsWith("country:")).findFirst()
                    .ifPresent(country -> verified.computeIfAbsent(country, key -> Counter.builder("sms.verifications")
                            .description("Sends whose code the application reported used, per country")
                            .tag("country", key.substring("country:".length())).register(meters)).increment());
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("verified", true);
        answer.put("alreadyVerified", verification.outcome() == Verification.Outcome.ALREADY_VERIFIED);
        return answer;
    }

    private static double ratio(Tally tally) {
        return tally.sent() == 0 ? Double.NaN : (double) tally.verified() / tally.sent();
    }

    private static JsonNode request(String text) {
        try {
            JsonNode node = text == null || text.isBlank() ? null : JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw SendFailure.invalid("request body must be a JSON object with sid or receiver");
            }
            return node;
        } catch (IOException e) {
            throw SendFailure.invalid("request body is not valid JSON");
        }
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw SendFailure.invalid(field + " must be a non-empty string");
        }
        return node.textValue();
    }
}
