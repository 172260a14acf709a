package io.smsgateway.delivery;



import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.JsonAnswers;
import io.smsgateway.message.PendingWrites;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.ProviderResult;
import io.smsgateway.message.Providers;
import io.smsgateway.message.QueryParameters;
import io.smsgateway.message.RequestIds;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.state.MessageStatuses;
import io.smsgateway.state.MessageStatuses.Change;
import io.smsgateway.state.MessageStatuses.Origin;
import io.smsgateway.state.MessageStatuses.Tracked;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The delivery status of each message: the provider's answer when it accepted the send, then what
 * its callbacks report, readable at GET /messages/{sid} or GET /messages?requestId= (receiver masked),
 * with the send's request id and the provider it failed over from, and counted as
 * {@code sms_delivery_status_total{provider, country, status}}: {@code sent} when accepted, then
 * the final outcome a callback reports — {@code delivered}, {@code undelivered} or {@code failed}.
 * Delivery rate per country = delivered / sent. Countries are ISO 3166 alpha-2 (a bounded set).
 */
@Component("deliveryStatuses")
public class DeliveryStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStatuses.class);
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9:._-]{1,64}");
    private static final Pattern STATUS = Pattern.compile("[A-Za-z][A-Za-z _-]{0,31}");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9._-]{1,16}");
    /** The country of a message only a callback told of. */
    static final String UNKNOWN_COUNTRY = "unknown";
    /** The longest request id GET /messages?requestId= looks up. */
    static final int MAX_REQUEST_ID = 256;

    private final MessageStatuses statuses;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    DeliveryStatuses(MessageStatuses statuses, MeterRegistry meters, Clock clock) {
        this.statuses = statuses;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * The send-pipeline's step after a provider accepted the message (the body is its result): its
     * answer's status recorded. A failure here is logged, never the send's: the message went out.
     */
    public void sent(Exchange exchange) {
        ProviderResult result = exchange.getMessage().getBody(ProviderResult.class);
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        String provider = exchange.getProperty(Providers.PROPERTY, String.class);
        String country = exchange.getProperty(SmsRequest.COUNTRY, String.class);
        String requestId = exchange.getProperty(RequestIds.PROPERTY, String.class);
        String failedOverFrom = exchange.getProperty(Providers.FAILED_OVER_FROM, String.class);
        try {
            Change change = new Change(result.status() == null ? "sent" : result.status(), null, clock.instant());
            Origin origin = new Origin(provider, country, PhoneNumbers.mask(request.receiver()), request.statusCallback(), requestId,
                    failedOverFrom);
            // awaited with the send's other writes before the answer (PendingWrites): one round trip
            PendingWrites.add(exchange, statuses.recordSent(result.sid(), origin, change));
            count(provider, country, "sent");
            toForward(exchange, result.sid(), origin, change);
        } catch (RuntimeException e) {
            LOG.warn("the status of an accepted message could not be recorded: {}", e.toString());
        }
    }

    /** A callback's report, its signature or secret checked: recorded and, when final, counted. Answers 204. */
    public void reported(StatusReport report, Exchange exchange) {
        if (report.sid() == null || !SID.matcher(report.sid()).matches()) {
            throw SendFailure.invalid("the message id is missing or malformed");
        }
        if (report.status() == null || !STATUS.matcher(report.status().trim()).matches()) {
            throw SendFailure.invalid("the status is missing or malformed");
        }
        String errorCode = report.errorCode() != null && ERROR_CODE.matcher(report.errorCode().trim()).matches()
                ? report.errorCode().trim() : null;
        String status = report.status().trim();
        Change change = new Change(status, errorCode, clock.instant());
        Origin origin = statuses.record(report.sid(), new Origin(report.provider(), null, null), change);
        toForward(exchange, report.sid(), origin, change);
        String outcome = outcome(status);
        if (outcome != null) {
            count(report.provider(), origin.country() == null ? UNKNOWN_COUNTRY : origin.country(), outcome);
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setBody(null);
    }

    /**
     * A change of a message sent with a statusCallback, set aside for routes/status-forward.camel.yaml
     * (reached by a wireTap: the send and the callback's answer never wait for it).
     */
    private static void toForward(Exchange exchange, String sid, Origin origin, Change change) {
        if (origin.statusCallback() != null) {
            exchange.setProperty(StatusForward.PROPERTY, new StatusForward(origin.statusCallback(), sid, change.status(),
                    change.errorCode(), change.at(), origin.provider()));
        }
    }

    /** GET /messages/{sid}: the last status and its history, the receiver masked; 404 for an unknown sid. */
    public Map<String, Object> find(Exchange exchange) {
        String sid = exchange.getMessage().getHeader("sid", String.class);
        Tracked tracked = (sid == null || !SID.matcher(sid).matches() ? null : statuses.find(sid).orElse(null));
        if (tracked == null) {
            throw new SendFailure(404, "unknown_message", "no message with this sid is known (kept SMS_STATUS_TTL)", null);
        }
        return answer(exchange, tracked);
    }

    /**
     * GET /messages?requestId=: the same answer for the message sent under this request id (the latest
     * one when a client reused it); 400 when the parameter is missing or longer than
     * {@value #MAX_REQUEST_ID} characters, 404 when no message sent under it is known. The parameter is
     * read from the query string only, never from the headers (they are the client's own).
     */
    public Map<String, Object> findByRequestId(Exchange exchange) {
        String requestId = QueryParameters.first(exchange, "requestId");
        if (requestId == null || requestId.isBlank() || requestId.length() > MAX_REQUEST_ID) {
            throw SendFailure.invalid("requestId is required, at most " + MAX_REQUEST_ID + " characters");
        }
        Tracked tracked = statuses.findByRequestId(requestId).orElse(null);
        if (tracked == null) {
            throw new SendFailure(404, "unknown_message",
                    "no message sent with this request id is known (kept SMS_STATUS_TTL)", null);
        }
        return answer(exchange, tracked);
    }

    private static Map<String, Object> answer(Exchange exchange, Tracked tracked) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sid", tracked.sid());
        answer.put("requestId", tracked.origin().requestId());
        answer.put("provider", tracked.origin().provider());
        answer.put("failedOverFrom", tracked.origin().failedOverFrom());
        answer.put("country", tracked.origin().country());
        answer.put("receiver", tracked.origin().receiver());
        Change last = tracked.last();
        answer.put("status", last == null ? null : last.status());
        answer.put("errorCode", last == null ? null : last.errorCode());
        answer.put("updated", last == null ? null : last.at().toString());
        List<Map<String, Object>> history = new ArrayList<>();
        for (Change change : tracked.history()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", change.status());
            entry.put("errorCode", change.errorCode());
            entry.put("time", change.at().toString());
            history.add(entry);
        }
        answer.put("history", history);
        return JsonAnswers.answer(exchange, 200, answer);
    }

    /**
     * The final outcome a status word means, or null for one in flight (queued, sending, sent,
     * accepted ...). Twilio's words, and the DLR words Kaleyra is seen to use (DELIVRD, UNDELIV ...).
     */
    static String outcome(String status) {
        return switch (status.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")) {
            case "delivered", "delivrd", "read" -> "delivered";
            case "undelivered", "undeliv", "undeliverable" -> "undelivered";
            case "failed", "rejected", "rejectd", "expired", "canceled", "cancelled" -> "failed";
            default -> null;
        };
    }

    private void count(String provider, String country, String status) {
        counters.computeIfAbsent(provider + ":" + country + ":" + status, key -> Counter.builder("sms.delivery.status")
                .description("Messages by delivery status: sent when the provider accepted them, then delivered, "
                        + "undelivered or failed as its callbacks report; by provider and country")
                .tags("provider", provider, "country", country, "status", status).register(meters)).increment();
    }
}
