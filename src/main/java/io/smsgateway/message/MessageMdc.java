package io.smsgateway.message;

import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * Puts the request id and the masked receiver of the message a log line is about into the MDC, for
 * that line only: {@code try (var mdc = MessageMdc.of(exchange)) { LOG.warn(...); }}. Set around
 * each line about a message, on whichever thread writes it, rather than carried by Camel across
 * every step of every exchange ({@code camel.main.use-mdc-logging}), which cost about 15% of the
 * CPU of a send (bench/RESULTS.md).
 */
public final class MessageMdc implements AutoCloseable {

    public static final String RECEIVER_KEY = "receiver";

    private final String previousRequestId;
    private final String previousReceiver;

    private MessageMdc(String requestId, String receiver) {
        this.previousRequestId = MDC.get(RequestIds.MDC_KEY);
        this.previousReceiver = MDC.get(RECEIVER_KEY);
        put(RequestIds.MDC_KEY, requestId);
        put(RECEIVER_KEY, receiver);
    }

    public static MessageMdc of(Exchange exchange) {
        return new MessageMdc(exchange.getProperty(RequestIds.PROPERTY, String.class), maskedReceiver(exchange));
    }

    /** The exchange's receiver as logs may show it; null before the request was parsed. */
    public static String maskedReceiver(Exchange exchange) {
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        return request == null ? null : PhoneNumbers.mask(request.receiver());
    }

    @Override
    public void close() {
        put(RequestIds.MDC_KEY, previousRequestId);
        put(RECEIVER_KEY, previousReceiver);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
