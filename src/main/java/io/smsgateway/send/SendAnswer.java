package io.smsgateway.send;

/**
 * The original service's success shape; {@code numSegments} is a string, as it documents it. The
 * {@code provider} that sent the message is an extension, after the original's fields.
 */
public record SendAnswer(String dateEvent, String numSegments, String sid, String status, String provider) {
}
