package io.smsgateway.protection.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.state.MemoryDelaySchedules;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exponential delay of send-pipeline as a processor, timed by a clock of the test's own and
 * holding sends on a scheduler that runs nothing, only records what it is asked: the holds are
 * exact, and nothing waits. Base 250 ms, longest wait 2 s, reset after 2 s of quiet, as in the end-to-end
 * ExponentialDelayTest.
 */
class ExponentialDelayProcessorTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final String NUMBER = "+393475550101";

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final List<Release> releases = new ArrayList<>();
    private final ScheduledExecutorService scheduler = new RecordingScheduler();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private ExponentialDelay delay;

    @BeforeEach
    void delay() {
        delay = new ExponentialDelay(new MemoryDelaySchedules(1000, now::get),
                new DelayProperties(Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofSeconds(2)), scheduler, meters);
    }

    @Test
    void holdsFourConcurrentSendsToOneNumberFor0Then250Then750Then1750Ms() {
        List<Sent> sends = IntStream.range(0, 4).mapToObj(i -> send(NUMBER)).toList();

        assertThat(sends).extracting(Sent::holdMillis).containsExactly(0L, 250L, 750L, 1750L);
        assertThat(gaps(sends)).containsExactly(250L, 500L, 1000L);
        assertThat(sends.get(0).answeredSynchronously()).as("the first is not held: answered at once").isTrue();
        assertThat(sends.subList(1, 4)).allSatisfy(sent -> assertThat(sent.callback.done).as("held, not answered").isEmpty());
        assertThat(held()).isEqualTo(3);
        assertThat(sends).allSatisfy(sent -> assertThat(sent.exchange.getException()).isNull());
    }

    @Test
    void answersEachHeldSendWhenItsReleaseComes() {
        List<Sent> sends = IntStream.range(0, 4).mapToObj(i -> send(NUMBER)).toList();

        releases.get(0).task.run();

        assertThat(sends.get(1).callback.done).containsExactly(false);
        assertThat(sends.get(2).callback.done).isEmpty();
        assertThat(held()).isEqualTo(2);
        releases.get(1).task.run();
        releases.get(2).task.run();
        assertThat(sends.subList(1, 4)).allSatisfy(sent -> {
            assertThat(sent.callback.done).containsExactly(false);
            assertThat(sent.exchange.getException()).isNull();
        });
        assertThat(held()).isZero();
    }

    @Test
    void refusesTheFifthWith429RetryAfter4SecondsHoldingNothing() {
        IntStream.range(0, 4).forEach(i -> send(NUMBER));

        // the fifth slot would come 250 + 500 + 1000 + 2000 = 3750 ms after the first: past the 2 s longest wait
        Sent fifth = send(NUMBER);

        assertThat(fifth.answeredSynchronously()).isTrue();
        assertTooSoon(fifth.exchange.getException(), 4);
        assertThat(releases).as("nothing scheduled for the refused send").hasSize(3);
        assertThat(held()).isEqualTo(3);
    }

    @Test
    void refusesBeforeTheRateLimitWhatTheDelayWouldRefuseReservingNothing() {
        String fresh = "+15558675310";
        delay.refuseBeyondLongestWait(exchange(fresh));
        assertThat(send(fresh).holdMillis()).as("the look took no slot: the first send still goes at once").isZero();
        IntStream.range(0, 4).forEach(i -> send(NUMBER));

        assertThatThrownBy(() -> delay.refuseBeyondLongestWait(exchange(NUMBER)))
                .satisfies(refusal -> assertTooSoon(refusal, 4));

        now.addAndGet(1750);
        assertThat(send(NUMBER).holdMillis()).as("the refused look took no slot either").isEqualTo(2000);
    }

    @Test
    void aRefusalReservesNothing() {
        IntStream.range(0, 4).forEach(i -> send(NUMBER));

        Sent first = send(NUMBER);
        Sent second = send(NUMBER);

        // had the first refusal reserved the slot 3750 ms after the first send, the second would be told 8 s
        assertTooSoon(first.exchange.getException(), 4);
        assertTooSoon(second.exchange.getException(), 4);
        // once that slot is within the longest wait, it is the next send's: nobody took it
        now.addAndGet(1750);
        Sent later = send(NUMBER);
        assertThat(later.exchange.getException()).isNull();
        assertThat(later.holdMillis()).isEqualTo(2000);
    }

    @Test
    void restartsTheScheduleAfterMoreThanTheResetWindowOfQuiet() {
        IntStream.range(0, 4).forEach(i -> send(NUMBER));
        releases.forEach(release -> release.task.run());

        // the last release was 1750 ms after the first; 2 s of quiet after it, and 1 ms more
        now.addAndGet(1750 + 2000 + 1);
        Sent afterQuiet = send(NUMBER);
        Sent next = send(NUMBER);

        assertThat(afterQuiet.answeredSynchronously()).as("wait 0: answered at once").isTrue();
        assertThat(afterQuiet.exchange.getException()).isNull();
        assertThat(afterQuiet.holdMillis()).isZero();
        assertThat(releases).as("nothing scheduled for it").hasSize(3 + 1);
        assertThat(next.holdMillis()).as("the gap starts again from the base").isEqualTo(250);
    }

    @Test
    void keepsTheScheduleUntilTheResetWindowHasPassed() {
        IntStream.range(0, 4).forEach(i -> send(NUMBER));

        // exactly 2 s after the last release is not yet more than 2 s of quiet: the next gap, 2 s, applies
        now.addAndGet(1750 + 2000);
        send(NUMBER);
        Sent next = send(NUMBER);

        assertThat(next.exchange.getException()).as("the schedule went on: 4 s after the last release").isNotNull();
    }

    @Test
    void holdsNoSendToAnotherNumberMeanwhile() {
        IntStream.range(0, 4).forEach(i -> send(NUMBER));

        Sent other = send("+15558675310");

        assertThat(other.answeredSynchronously()).isTrue();
        assertThat(other.exchange.getException()).isNull();
        assertThat(held()).as("the busy number's sends are still held").isEqualTo(3);
    }

    @Test
    void answersEveryHeldSend503AtOnceWhenTheServiceStops() {
        List<Sent> sends = IntStream.range(0, 4).mapToObj(i -> send(NUMBER)).toList();

        delay.releaseAllRefusing();

        assertThat(sends.subList(1, 4)).allSatisfy(sent -> {
            assertThat(sent.callback.done).as("answered now, not at its release").containsExactly(false);
            assertThat(sent.exchange.getException()).isInstanceOfSatisfying(SendFailure.class, failure -> {
                assertThat(failure.status()).isEqualTo(503);
                assertThat(failure.getMessage()).isEqualTo("the service is shutting down: retry");
                assertThat(failure.retryAfterSeconds()).isEqualTo(1L);
            });
        });
        assertThat(releases).allSatisfy(release -> assertThat(release.future.isCancelled()).as("release cancelled").isTrue());
        assertThat(held()).isZero();
        // a release already under way when the service stopped answers nothing a second time
        releases.forEach(release -> release.task.run());
        assertThat(sends.subList(1, 4)).allSatisfy(sent -> assertThat(sent.callback.done).hasSize(1));
    }

    @Test
    void holdsNothingMoreOnceStopping() {
        delay.releaseAllRefusing();

        Sent first = send(NUMBER);
        Sent second = send(NUMBER);

        assertThat(first.exchange.getException()).as("not held: goes on").isNull();
        assertThat(second.answeredSynchronously()).isTrue();
        assertThat(second.exchange.getException()).isInstanceOfSatisfying(SendFailure.class,
                failure -> assertThat(failure.status()).isEqualTo(503));
        assertThat(releases).isEmpty();
    }

    private Sent send(String number) {
        Exchange exchange = exchange(number);
        Callback callback = new Callback();
        int scheduledBefore = releases.size();
        boolean sync = delay.process(exchange, callback);
        Long hold = null;
        if (releases.size() > scheduledBefore) {
            hold = releases.get(releases.size() - 1).millis;
        } else if (callback.done.equals(List.of(true)) && exchange.getException() == null) {
            hold = 0L;
        }
        return new Sent(exchange, sync, callback, hold);
    }

    private static Exchange exchange(String number) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(SmsRequest.PROPERTY, new SmsRequest("ACME", number, "hi"));
        return exchange;
    }

    private double held() {
        return meters.get("sms.delay.held").gauge().value();
    }

    private static List<Long> gaps(List<Sent> sends) {
        return IntStream.range(1, sends.size()).mapToObj(i -> sends.get(i).holdMillis() - sends.get(i - 1).holdMillis()).toList();
    }

    private static void assertTooSoon(Throwable refusal, long retryAfterSeconds) {
        assertThat(refusal).isInstanceOfSatisfying(SendFailure.class, failure -> {
            assertThat(failure.status()).isEqualTo(429);
            assertThat(failure.reason()).isEqualTo("number_delay");
            assertThat(failure.retryAfterSeconds()).isEqualTo(retryAfterSeconds);
            assertThat(failure.getMessage())
                    .isEqualTo("too many messages to this number: retry in " + retryAfterSeconds + " s");
        });
    }

    /** What the scheduler was asked to run, and after how long. */
    private record Release(Runnable task, long millis, PendingRelease future) {
    }

    /** Runs nothing: records each release asked for, for the test to run when it chooses. */
    private final class RecordingScheduler extends ScheduledThreadPoolExecutor {

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            PendingRelease future = new PendingRelease(unit.toMillis(delay));
            releases.add(new Release(task, unit.toMillis(delay), future));
            return future;
        }
    }

    private static final class PendingRelease implements ScheduledFuture<Object> {

        private final long millis;
        private volatile boolean cancelled;

        private PendingRelease(long millis) {
            this.millis = millis;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("never run by the scheduler");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("never run by the scheduler");
        }
    }

    /** @param holdMillis how long the send is held: 0 when it goes on at once, null when refused */
    private record Sent(Exchange exchange, boolean sync, Callback callback, Long holdMillis) {

        boolean answeredSynchronously() {
            return sync && callback.done.equals(List.of(true));
        }
    }

    private static final class Callback implements AsyncCallback {

        private final List<Boolean> done = new ArrayList<>();

        @Override
        public void done(boolean doneSync) {
            done.add(doneSync);
        }
    }
}
