package io.smsgateway.state;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.data.redis.RedisHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The state of each concern, in memory or — SMS_STATE_STORE=redis — in Redis with its outage policy. */
@Configuration(proxyBeanMethods = false)
class StateConfiguration {

    private final StateProperties state;
    private final ObjectProvider<StringRedisTemplate> redis;
    private final Clock clock;

    StateConfiguration(StateProperties state, ObjectProvider<StringRedisTemplate> redis, Clock clock) {
        this.state = state;
        this.redis = redis;
        this.clock = clock;
    }

    @Bean
    RedisOutage redisOutage(MeterRegistry meters) {
        return new RedisOutage(state.failureMode(), meters);
    }

    @Bean
    RateLog rateLog(RedisOutage outage) {
        RateLog memory = new MemoryRateLog(clock::millis);
        return !state.redis() ? memory
                : new FailoverRateLog(new RedisRateLog(redis.getObject(), state.redisPrefix()), memory, outage);
    }

    @Bean
    DelaySchedules delaySchedules(RedisOutage outage) {
        DelaySchedules memory = new MemoryDelaySchedules(state.maxKeys(), clock::millis);
        return !state.redis() ? memory
                : new FailoverDelaySchedules(new RedisDelaySchedules(redis.getObject(), state.redisPrefix()), memory, outage);
    }

    @Bean
    SharedCircuits sharedCircuits(RedisOutage outage) {
        SharedCircuits memory = new MemorySharedCircuits();
        return !state.redis() ? memory
                : new FailoverSharedCircuits(new RedisSharedCircuits(redis.getObject(), state.redisPrefix()), memory, outage);
    }

    /**
     * While Redis is away, commands fail at once instead of queueing until their timeout, so the
     * failure mode applies without delay; reconnection is retried at least every second.
     */
    @Bean
    LettuceClientConfigurationBuilderCustomizer failFastWhileDisconnected() {
        return builder -> builder.clientOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    @Bean
    ClientResourcesBuilderCustomizer reconnectEverySecondAtMost() {
        return builder -> builder.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
                TimeUnit.MILLISECONDS));
    }

    /** Health "sharedState": Redis reachable, in redis mode; always up in memory. */
    @Bean
    HealthIndicator sharedStateHealthIndicator(ObjectProvider<RedisConnectionFactory> connections) {
        if (!state.redis()) {
            return () -> Health.up().withDetail("store", "memory").build();
        }
        RedisHealthIndicator reachable = new RedisHealthIndicator(connections.getObject());
        return () -> Health.status(reachable.health().getStatus()).withDetail("store", "redis").build();
    }
}
