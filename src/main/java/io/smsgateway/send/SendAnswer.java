package io.smsgateway.send;

/** The original service's success shape; {@code numSegments} is a string, as it documents it. */
public record SendAnswer(String dateEvent, String numSegments, String sid, String status) {
}
