package io.smsgateway.message;

import java.time.Instant;

/** What a provider answered for an accepted message, before it is written in the original's shape. */
public record ProviderResult(String sid, String status, String numSegments, Instant dateEvent) {
}
