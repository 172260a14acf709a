package io.smsgateway.state;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis a fleet shares: every key under SMS_REDIS_PREFIX, a phone number in a key only as its
 * keyed hash (SMS_REDIS_KEY_SECRET), and what happens while it cannot be
 * reached (SMS_STATE_FAILURE_MODE): {@code closed} refuses the operation ({@link StateUnavailable});
 * {@code local} serves it from this instance's memory, counted and logged once per outage. Every
 * call tries Redis first, so service resumes by itself once Redis is back.
 */
final class SharedRedis {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRedis.class);

    private final StringRedisTemplate template;
    private final String prefix;
    private final KeyedHash numbers;
    private final boolean fallBackToMemory;
    private final Counter fallbacks;
    private final Counter failures;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AsyncScripts later;

    SharedRedis(StringRedisTemplate template, String prefix, String keySecret, StateProperties.FailureMode mode,
                MeterRegistry meters) {
        this.template = template;
        this.later = new AsyncScripts(template.getRequiredConnectionFactory());
        this.prefix = prefix;
        this.numbers = new KeyedHash(keySecret);
        this.fallBackToMemory = mode == StateProperties.FailureMode.LOCAL;
        this.fallbacks = Counter.builder("sms.state.fallbacks")
                .description("Operations served from local memory while Redis was unreachable").register(meters);
        this.failures = Counter.builder("sms.state.failures")
                .description("Operations on the shared state that failed because Redis was unreachable").register(meters);
    }

    StringRedisTemplate template() {
        return template;
    }

    /** A key of this service: {@code name} under SMS_REDIS_PREFIX. */
    String key(String name) {
        return prefix + name;
    }

    /** The key of a phone number's {@code kind} of state: never the number, so a dump of Redis shows none. */
    String numberKey(String kind, String number) {
        return prefix + kind + ":" + numbers.of(number);
    }

    /**
     * The keyed hash of a number, a prefix or a subject: what stands for it where Redis would otherwise
     * hold it as written (a key's name, a set's member).
     */
    String hashOf(String text) {
        return numbers.of(text);
    }

    /** Redis's answer; while it is unreachable, memory's in {@code local} mode, else {@link StateUnavailable}. */
    <T> T call(Supplier<T> redis, Supplier<T> memory) {
        try {
            T answer = redis.get();
            answered();
            return answer;
        } catch (DataAccessException e) {
            if (failed()) {
                LOG.warn("Redis unreachable ({}): {}", e.getClass().getSimpleName(),
                        fallBackToMemory ? "protections fall back to this instance's memory" : "sends are refused with 503");
            }
            if (!fallBackToMemory) {
                throw new StateUnavailable(e);
            }
            fallbacks.increment();
            return memory.get();
        }
    }

    /**
     * For a write the caller need not wait for at once: the script goes out now, and the stage
     * completes when it is done. A failure is never silent: counted (sms_state_failures_total, and
     * sms_state_fallbacks_total for {@code otherwise}), logged once per outage, and {@code otherwise} —
     * memory's copy of the write — runs instead, whatever SMS_STATE_FAILURE_MODE; the stage then
     * completes normally.
     */
    CompletionStage<Void> callLater(RedisScript<?> script, List<String> keys, List<String> args, Runnable otherwise) {
        return later.run(script, keys, args).handle((answer, failure) -> {
            if (failure == null) {
                answered();
                return null;
            }
            if (failed()) {
                LOG.warn("Redis unreachable ({}): writes not waited for go to this instance's memory instead", failure.toString());
            } else {
                LOG.debug("a write not waited for failed in Redis: {}", failure.toString());
            }
            fallbacks.increment();
            otherwise.run();
            return null;
        });
    }

    /** Redis answered: the end of an outage, if one was on, is logged once. */
    private void answered() {
        if (unreachable.compareAndSet(true, false)) {
            LOG.info("Redis reachable again: the protections use the shared state");
        }
    }

    /** Redis failed an operation: counted; true for the first failure of an outage, which is logged. */
    private boolean failed() {
        failures.increment();
        return unreachable.compareAndSet(false, true);
    }

    /** For what is never a reason to refuse a send: {@code otherwise} when Redis gives no answer. */
    <T> T callOrElse(Supplier<T> redis, Supplier<T> otherwise) {
        try {
            return call(redis, otherwise);
        } catch (StateUnavailable closed) {
            return otherwise.get();
        }
    }
}
