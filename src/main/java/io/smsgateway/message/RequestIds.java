package io.smsgateway.message;

import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Every message carries a request id into the logs (MDC {@code requestId}, put around each line
 * about it by {@link MessageMdc}): the caller's {@code x-request-id} when it is a sane one, echoed in
 * the answer; the JMS correlation or message id; or a new one.
 */
@Component("requestIds")
public class RequestIds {

    public static final String PROPERTY = "smsRequestId";
    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "x-request-id";
    // an id from outside goes into every log line: nothing that could forge or break one
    private static final int MAX_LENGTH = 128;
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:-]");

    /** For HTTP: the caller's x-request-id, or a new one. */
    public void fromHttp(Exchange exchange) {
        use(exchange, exchange.getMessage().getHeader(HEADER, String.class));
    }

    /** For JMS: the correlation id, else the message id. */
    public void fromJms(Exchange exchange) {
        String correlation = exchange.getMessage().getHeader("JMSCorrelationID", String.class);
        use(exchange, correlation != null ? correlation : exchange.getMessage().getHeader("JMSMessageID", String.class));
    }

    /**
     * For a message of a dropped file: {@code <file>#<index>}, the file's name with every character
     * an id from outside may not hold replaced by {@code _}, and cut to fit 128 characters. Built
     * here rather than checked, as '#' is no character an id from outside may hold.
     */
    public static void fromFile(Exchange exchange, String file, int index) {
        exchange.setProperty(PROPERTY, ofFile(file, index));
    }

    static String ofFile(String file, int index) {
        String suffix = "#" + index;
        String name = UNSAFE.matcher(file == null ? "" : file).replaceAll("_");
        int room = MAX_LENGTH - suffix.length();
        return (name.length() > room ? name.substring(0, room) : name) + suffix;
    }

    private static void use(Exchange exchange, String given) {
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.setProperty(PROPERTY, id);
    }
}
