package io.smsgateway.protection.delay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.state.DelaySchedules;
import io.smsgateway.state.DelaySchedules.DelayPolicy;
import io.smsgateway.state.DelaySchedules.DelayReservation;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * Exponential delay between sends to one number. The n+1-th send to a number is released
 * base × 2^(n−1) after the n-th (0, +1s, +2s, +4s ...), slots reserved on arrival so concurrent
 * sends queue one behind the other; the schedule restarts after EXPONENTIAL_DELAY_RESET_AFTER
 * seconds of quiet. A send that would wait longer than EXPONENTIAL_DELAY_MAX_WAIT is refused with
 * 429 and reserves nothing.
 *
 * <p>A held send occupies no thread: the exchange is parked and resumed by a scheduler. When the
 * service stops, sends still held are answered 503 at once, to be retried elsewhere.
 */
@Component("exponentialDelay")
public class ExponentialDelay extends AsyncProcessorSupport {

    private final DelaySchedules schedules;
    private final DelayPolicy policy;
    private final ScheduledExecutorService releases;
    private final Map<Exchange, Held> held = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    ExponentialDelay(DelaySchedules schedules, DelayProperties properties, ScheduledExecutorService protectionScheduler,
                     MeterRegistry meters) {
        this.schedules = schedules;
        this.policy = new DelayPolicy(properties.base().toMillis(), properties.maxWait().toMillis(),
                properties.resetAfter().toMillis());
        this.releases = protectionScheduler;
        Gauge.builder("sms.delay.held", held, Map::size)
                .description("Sends held by the per-number exponential delay now")
                .register(meters);
    }

    /**
     * Refuses, before the global rate limit, a send the delay would refuse anyway: hammering one
     * number must not spend the budget every other number shares. Reserves nothing; the
     * reservation after the rate limit decides.
     */
    public void refuseBeyondLongestWait(Exchange exchange) {
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        DelayReservation peek = schedules.peek(request.receiver(), policy);
        if (!peek.granted()) {
            throw tooSoon(peek);
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        DelayReservation reservation = schedules.reserve(request.receiver(), policy);
        if (!reservation.granted()) {
            exchange.setException(tooSoon(reservation));
            callback.done(true);
            return true;
        }
        if (reservation.waitMillis() <= 0) {
            callback.done(true);
            return true;
        }
        if (stopping) {
            exchange.setException(shuttingDown());
            callback.done(true);
            return true;
        }
        Held hold = new Held(callback);
        held.put(exchange, hold);
        hold.release = releases.schedule(() -> {
            if (held.remove(exchange) != null) {
                callback.done(false);
            }
        }, reservation.waitMillis(), TimeUnit.MILLISECONDS);
        return false;
    }

    /** The service is stopping: every send still held is answered 503 now, nothing more is held. */
    void releaseAllRefusing() {
        stopping = true;
        for (Exchange exchange : held.keySet()) {
            Held hold = held.remove(exchange);
            if (hold != null) {
                hold.release.cancel(false);
                exchange.setException(shuttingDown());
                hold.callback.done(false);
            }
        }
    }

    private static SendFailure tooSoon(DelayReservation refused) {
        long seconds = Math.max(1, (refused.waitMillis() + 999) / 1000);
        return new SendFailure(429, "number_delay", "too many messages to this number: retry in " + seconds + " s", seconds);
    }

    private static SendFailure shuttingDown() {
        return new SendFailure(503, "shutting_down", "the service is shutting down: retry", 1L);
    }

    private static final class Held {
        private final AsyncCallback callback;
        private volatile ScheduledFuture<?> release;

        private Held(AsyncCallback callback) {
            this.callback = callback;
        }
    }
}
