package io.smsgateway.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What became of each message a provider accepted: where it went (provider, country, masked
 * receiver) and the statuses reported for it, by sid, for one instance in memory or for a fleet in
 * Redis. Entries are forgotten after SMS_STATUS_TTL (Redis) or past SMS_STATUS_MAX_TRACKED (memory).
 */
public interface MessageStatuses {

    /** History kept per message at most: the latest changes. */
    int MAX_HISTORY = 20;

    /**
     * Adds a change to the message's history. Of {@code origin}, only what is not known yet is kept:
     * a callback that comes before the send was recorded names the provider only, and the send fills
     * in the rest.
     *
     * @return the message's origin as it stands after the change
     */
    Origin record(String sid, Origin origin, Change change);

    /**
     * {@link #record} for the send itself, whose origin is the one that stands (a callback before
     * it names the same provider, nothing else), started: the stage completes once it is recorded
     * (in Redis, or in memory when Redis failed it), so that writes started side by side cost one
     * round trip together.
     */
    default CompletionStage<Void> recordSent(String sid, Origin origin, Change change) {
        record(sid, origin, change);
        return CompletableFuture.completedStage(null);
    }

    Optional<Tracked> find(String sid);

    /**
     * The message sent under this request id ({@code x-request-id}, {@code <file>#<index>} ...): the
     * latest one sent under it when a client reused one, for as long as that message is kept.
     */
    Optional<Tracked> findByRequestId(String requestId);

    /**
     * @param receiver       masked ({@code +39*******567}), never the number
     * @param country        ISO 3166 alpha-2; null when only a callback told of the message
     * @param statusCallback where the client wants its status changes forwarded (the send's
     *                       statusCallback), or null; never shown by GET /messages/{sid}, never logged whole
     * @param requestId      the send's request id, or null when only a callback told of the message
     * @param failedOverFrom the provider the send failed over from, or null when it did not fail over
     */
    record Origin(String provider, String country, String receiver, String statusCallback, String requestId,
            String failedOverFrom) {

        public Origin(String provider, String country, String receiver) {
            this(provider, country, receiver, null);
        }

        public Origin(String provider, String country, String receiver, String statusCallback) {
            this(provider, country, receiver, statusCallback, null, null);
        }

        @Override
        public String toString() {
            return "Origin[provider=" + provider + ", country=" + country + ", receiver=" + receiver
                    + ", statusCallback " + (statusCallback == null ? "unset" : "set") + ", requestId=" + requestId
                    + ", failedOverFrom=" + failedOverFrom + "]";
        }
    }

    /** @param errorCode the provider's, or null */
    record Change(String status, String errorCode, Instant at) {
    }

    record Tracked(String sid, Origin origin, List<Change> history) {

        public Change last() {
            return history.isEmpty() ? null : history.get(history.size() - 1);
        }
    }
}
