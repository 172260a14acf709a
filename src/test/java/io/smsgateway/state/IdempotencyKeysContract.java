package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.smsgateway.state.IdempotencyKeys.Claim;
import io.smsgateway.state.IdempotencyKeys.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of Idempotency-Keys does, memory or Redis. */
abstract class IdempotencyKeysContract {

    static final Duration DAY = Duration.ofHours(24);

    IdempotencyKeys keys;

    abstract IdempotencyKeys newKeys();

    @BeforeEach
    void store() {
        keys = newKeys();
    }

    @Test
    void claimsAKeyOnceThenAnswersRepeatsByItsState() {
        Claim first = keys.claim("http\norder-1", "digest-a", DAY);

        assertThat(first.outcome()).isEqualTo(Outcome.CLAIMED);
        assertThat(keys.claim("http\norder-1", "digest-a", DAY).outcome()).isEqualTo(Outcome.IN_FLIGHT);
        assertThat(keys.claim("http\norder-1", "digest-b", DAY).outcome()).isEqualTo(Outcome.MISMATCH);
        keys.complete("http\norder-1", first.token(), "{\"status\":504}");
        assertThat(keys.claim("http\norder-1", "digest-a", DAY)).isEqualTo(new Claim(Outcome.REPLAY, null, "{\"status\":504}"));
        assertThat(keys.claim("http\norder-1", "digest-b", DAY).outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(keys.claim("http:another-client\norder-1", "digest-b", DAY).outcome()).as("another scope").isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void settlesOnlyByTheClaimsOwnToken() {
        Claim first = keys.claim("http\norder-2", "digest", DAY);

        keys.release("http\norder-2", "not-the-token");
        keys.complete("http\norder-2", "not-the-token", "{\"status\":200}");
        assertThat(keys.claim("http\norder-2", "digest", DAY).outcome()).isEqualTo(Outcome.IN_FLIGHT);

        keys.release("http\norder-2", first.token());
        Claim second = keys.claim("http\norder-2", "digest", DAY);
        assertThat(second.outcome()).as("released: free again").isEqualTo(Outcome.CLAIMED);

        // the first request's late answer changes nothing for the second's claim
        keys.complete("http\norder-2", first.token(), "{\"status\":502}");
        keys.complete("http\norder-2", second.token(), "{\"status\":200}");
        keys.release("http\norder-2", second.token());
        assertThat(keys.claim("http\norder-2", "digest", DAY).answer()).isEqualTo("{\"status\":200}");
    }
}
