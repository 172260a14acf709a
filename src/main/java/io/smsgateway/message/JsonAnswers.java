package io.smsgateway.message;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The answer of an HTTP route whose bean returns the body, which the route marshals to JSON. */
public final class JsonAnswers {

    private JsonAnswers() {
    }

    /**
     * The body, with the status and a JSON content type as the only headers: none of the request's
     * headers goes back to the client.
     */
    public static <T> T answer(Exchange exchange, int status, T body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return body;
    }
}
