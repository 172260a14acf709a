package io.smsgateway.message;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

/**
 * A parameter of the request's query string, read from the query itself: the entry keeps query
 * parameters out of the message's headers, which are the client's own.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The first value of {@code name}, decoded; null when absent; 400 when it is not well formed. */
    public static String first(Exchange exchange, String name) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw SendFailure.invalid(name + " is not a well-formed query parameter");
                }
            }
        }
        return null;
    }
}
