package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.IntStream;

import io.smsgateway.state.MessageStatuses.Change;
import io.smsgateway.state.MessageStatuses.Origin;
import io.smsgateway.state.MessageStatuses.Tracked;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of message statuses does, in memory and in Redis. */
abstract class MessageStatusesContract {

    static final String SID = "SM0123456789abcdef0123456789abcdef";
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final Origin SENT = new Origin("twilio", "GB", "+44*******123");

    MessageStatuses statuses;

    abstract MessageStatuses newStatuses();

    @BeforeEach
    void newStore() {
        statuses = newStatuses();
    }

    @Test
    void keepsTheOriginAndEveryChangeInOrder() {
        assertThat(statuses.record(SID, SENT, new Change("queued", null, T0))).isEqualTo(SENT);
        statuses.record(SID, new Origin("twilio", null, null), new Change("sent", null, T0.plusSeconds(1)));
        statuses.record(SID, new Origin("twilio", null, null), new Change("undelivered", "30005", T0.plusSeconds(2)));

        Tracked tracked = statuses.find(SID).orElseThrow();
        assertThat(tracked.origin()).isEqualTo(SENT);
        assertThat(tracked.history()).containsExactly(new Change("queued", null, T0), new Change("sent", null, T0.plusSeconds(1)),
                new Change("undelivered", "30005", T0.plusSeconds(2)));
        assertThat(tracked.last().status()).isEqualTo("undelivered");
    }

    @Test
    void theSendsRecordIsReadBackInOrderAndCompletedByItsCallbacks() {
        Origin sent = new Origin("twilio", "GB", "+44*******123", "https://client.example.com/s", "req-9", null);
        statuses.recordSent(SID, sent, new Change("queued", null, T0)).toCompletableFuture().join();
        assertThat(statuses.find(SID).orElseThrow().origin()).isEqualTo(sent);
        assertThat(statuses.findByRequestId("req-9").orElseThrow().sid()).isEqualTo(SID);

        assertThat(statuses.record(SID, new Origin("twilio", null, null), new Change("delivered", null, T0.plusSeconds(1))))
                .isEqualTo(sent);
        assertThat(statuses.find(SID).orElseThrow().history()).extracting(Change::status).containsExactly("queued", "delivered");
    }

    @Test
    void aCallbackBeforeTheSendIsCompletedByTheSend() {
        assertThat(statuses.record(SID, new Origin("twilio", null, null), new Change("sent", null, T0)))
                .isEqualTo(new Origin("twilio", null, null));
        assertThat(statuses.record(SID, SENT, new Change("queued", null, T0))).isEqualTo(SENT);

        assertThat(statuses.find(SID).orElseThrow().origin()).isEqualTo(SENT);
    }

    @Test
    void keepsTheStatusCallbackWithTheMessageAndAnswersItToEachLaterChange() {
        Origin withCallback = new Origin("twilio", "GB", "+44*******123", "https://client.example.com/sms/status?k=1");
        assertThat(statuses.record(SID, withCallback, new Change("queued", null, T0))).isEqualTo(withCallback);

        assertThat(statuses.record(SID, new Origin("twilio", null, null), new Change("delivered", null, T0.plusSeconds(1))))
                .isEqualTo(withCallback);
        assertThat(statuses.find(SID).orElseThrow().origin().statusCallback()).isEqualTo(withCallback.statusCallback());
        assertThat(withCallback.toString()).doesNotContain("client.example.com");
    }

    @Test
    void keepsTheLatestChangesOnly() {
        IntStream.range(0, MessageStatuses.MAX_HISTORY + 5).forEach(i ->
                statuses.record(SID, SENT, new Change("s" + i, null, T0.plusSeconds(i))));

        assertThat(statuses.find(SID).orElseThrow().history()).hasSize(MessageStatuses.MAX_HISTORY)
                .first().extracting(Change::status).isEqualTo("s5");
    }

    @Test
    void keepsTheRequestIdAndTheProviderFailedOverFromAndFindsTheMessageByItsRequestId() {
        Origin sent = new Origin("kaleyra", "IN", "+91*******210", null, "req-42", "twilio");
        assertThat(statuses.record(SID, sent, new Change("queued", null, T0))).isEqualTo(sent);
        // a callback knows neither: both kept
        assertThat(statuses.record(SID, new Origin("kaleyra", null, null), new Change("DELIVRD", null, T0.plusSeconds(1))))
                .isEqualTo(sent);

        Tracked byRequest = statuses.findByRequestId("req-42").orElseThrow();
        assertThat(byRequest.sid()).isEqualTo(SID);
        assertThat(byRequest.origin()).isEqualTo(sent);
        assertThat(byRequest.history()).extracting(Change::status).containsExactly("queued", "DELIVRD");
        assertThat(statuses.find(SID).orElseThrow().origin().requestId()).isEqualTo("req-42");
        assertThat(statuses.find(SID).orElseThrow().origin().failedOverFrom()).isEqualTo("twilio");
    }

    @Test
    void aSendThatDidNotFailOverHasNoProviderFailedOverFrom() {
        statuses.record(SID, new Origin("twilio", "GB", "+44*******123", null, "data.csv#3", null), new Change("queued", null, T0));

        Tracked tracked = statuses.findByRequestId("data.csv#3").orElseThrow();
        assertThat(tracked.origin().failedOverFrom()).isNull();
        assertThat(tracked.origin().requestId()).isEqualTo("data.csv#3");
    }

    @Test
    void aReusedRequestIdFindsTheLatestMessageSentUnderIt() {
        statuses.record(SID, new Origin("twilio", "GB", "+44*******123", null, "req-7", null), new Change("queued", null, T0));
        statuses.record("SMffffffffffffffffffffffffffffffff", new Origin("twilio", "GB", "+44*******999", null, "req-7", null),
                new Change("queued", null, T0.plusSeconds(1)));

        assertThat(statuses.findByRequestId("req-7").orElseThrow().sid()).isEqualTo("SMffffffffffffffffffffffffffffffff");
    }

    @Test
    void knowsNothingOfAnotherRequestId() {
        statuses.record(SID, new Origin("twilio", "GB", "+44*******123", null, "req-42", null), new Change("queued", null, T0));
        statuses.record("SM-no-request", SENT, new Change("queued", null, T0));

        assertThat(statuses.findByRequestId("req-43")).isEmpty();
        assertThat(statuses.find("SM-no-request").orElseThrow().origin().requestId()).isNull();
    }

    @Test
    void knowsNothingOfAnotherSid() {
        statuses.record(SID, SENT, new Change("queued", null, T0));

        assertThat(statuses.find("SMffffffffffffffffffffffffffffffff")).isEmpty();
    }
}
