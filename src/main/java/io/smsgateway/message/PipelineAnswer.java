package io.smsgateway.message;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * How ingestion routes take the send pipeline's answer from {@code enrich}: status, JSON and
 * Retry-After go into properties and the message keeps the request it carries. The caller's own
 * exchange is returned, so a failure the pipeline answered does not end the caller's route, as it
 * would if the answering exchange came back.
 */
@Component("pipelineAnswer")
public class PipelineAnswer implements AggregationStrategy {

    public static final String STATUS = "smsAnswerStatus";
    public static final String JSON = "smsAnswerJson";
    public static final String RETRY_AFTER = "smsAnswerRetryAfter";

    @Override
    public Exchange aggregate(Exchange request, Exchange answer) {
        var message = answer.getMessage();
        request.setProperty(STATUS, message.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class));
        request.setProperty(JSON, message.getBody(String.class));
        request.setProperty(RETRY_AFTER, message.getHeader("Retry-After", Long.class));
        if (answer.getException() != null) {
            request.setException(answer.getException());
        }
        return request;
    }

    public static int status(Exchange exchange) {
        return exchange.getProperty(STATUS, 500, Integer.class);
    }
}
