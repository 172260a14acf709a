package io.smsgateway.send;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.smsgateway.message.ErrorBody;
import io.smsgateway.message.ProviderResult;
import io.smsgateway.message.Providers;
import io.smsgateway.message.RequestIds;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Shapes the pipeline's outcome — the original's success or error shape, with its HTTP status — for
 * every entry: HTTP answers it, JMS replies with it, file ingestion reports it.
 */
@Component("sendAnswers")
class SendAnswers {

    // JavaScript's Date.toISOString(), which the original's dateEvent came from.
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public SendAnswer ok(ProviderResult result, Exchange exchange) {
        status(exchange, 200);
        return new SendAnswer(ISO_MILLIS.format(result.dateEvent()), result.numSegments(), result.sid(), result.status(),
                exchange.getProperty(Providers.PROPERTY, String.class));
    }

    /** The error shape of {@link SendFailure#PROPERTY}, with Retry-After and WWW-Authenticate where they apply. */
    public Map<String, Object> failure(Exchange exchange) {
        SendFailure failure = exchange.getProperty(SendFailure.PROPERTY, SendFailure.class);
        Message message = exchange.getMessage();
        status(exchange, failure.status());
        if (failure.retryAfterSeconds() != null) {
            message.setHeader("Retry-After", failure.retryAfterSeconds());
        }
        if (failure.status() == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        return ErrorBody.of(failure.status(), failure.getMessage());
    }

    /** Every answer: status, content type and the request id, nothing inbound. */
    private static void status(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        String requestId = exchange.getProperty(RequestIds.PROPERTY, String.class);
        if (requestId != null) {
            message.setHeader(RequestIds.HEADER, requestId);
        }
    }
}
