package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.smsgateway.state.MessageStatuses.Change;
import io.smsgateway.state.MessageStatuses.Origin;
import org.junit.jupiter.api.Test;

class MemoryMessageStatusesTest extends MessageStatusesContract {

    private static final long TTL = Duration.ofDays(7).toMillis();
    private final AtomicLong now = new AtomicLong(T0.toEpochMilli());

    @Override
    MessageStatuses newStatuses() {
        return new MemoryMessageStatuses(1000, TTL, now::get);
    }

    @Test
    void holdsAtMostItsCapForgettingTheLeastRecentlyTouched() {
        MemoryMessageStatuses bounded = new MemoryMessageStatuses(100, TTL, now::get);
        bounded.record("SM-first", SENT, new Change("queued", null, T0));
        for (int i = 0; i < 150; i++) {
            bounded.record("SM" + i, SENT, new Change("queued", null, T0));
            // the first message is read while the others arrive: recently used, kept
            assertThat(bounded.find("SM-first")).isPresent();
        }

        assertThat(bounded.size()).isEqualTo(100);
        assertThat(bounded.find("SM0")).as("the least recently touched").isEmpty();
        assertThat(bounded.find("SM149")).isPresent();
    }

    @Test
    void indexesAtMostAsManyRequestIdsAsItHoldsMessages() {
        MemoryMessageStatuses bounded = new MemoryMessageStatuses(100, TTL, now::get);
        for (int i = 0; i < 150; i++) {
            bounded.record("SM" + i, new Origin("twilio", "GB", "+44*******123", null, "req-" + i, null),
                    new Change("queued", null, T0));
        }

        assertThat(bounded.requestIds()).isEqualTo(100);
        assertThat(bounded.findByRequestId("req-0")).isEmpty();
        assertThat(bounded.findByRequestId("req-149").orElseThrow().sid()).isEqualTo("SM149");
    }

    @Test
    void forgetsARequestIdWithItsMessage() {
        statuses.record(SID, new Origin("twilio", "GB", "+44*******123", null, "req-42", null), new Change("queued", null, T0));
        now.addAndGet(TTL - 1);
        assertThat(statuses.findByRequestId("req-42")).isPresent();

        now.addAndGet(1);

        assertThat(statuses.findByRequestId("req-42")).isEmpty();
    }

    @Test
    void forgetsAMessageItsTtlAfterItsLastChange() {
        statuses.record(SID, SENT, new Change("queued", null, T0));
        now.addAndGet(TTL - 1);
        statuses.record(SID, SENT, new Change("delivered", null, T0));
        now.addAndGet(TTL - 1);
        assertThat(statuses.find(SID)).isPresent();

        now.addAndGet(1);

        assertThat(statuses.find(SID)).isEmpty();
    }
}
