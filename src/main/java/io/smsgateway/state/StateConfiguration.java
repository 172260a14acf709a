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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
    private final Clock clock;

    StateConfiguration(StateProperties state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    @Bean
    @ConditionalOnProperty(name = "sms.state.store", havingValue = "redis")
    SharedRedis sharedRedis(StringRedisTemplate template, MeterRegistry meters) {
        return new SharedRedis(template, state.redisPrefix(), state.redisKeySecret(), state.failureMode(), meters);
    }

    @Bean
    RateLog rateLog(ObjectProvider<SharedRedis> redis) {
        RateLog memory = new MemoryRateLog(clock::millis);
        return state.redis() ? new RedisRateLog(redis.getObject(), memory) : memory;
    }

    @Bean
    DelaySchedules delaySchedules(ObjectProvider<SharedRedis> redis) {
        DelaySchedules memory = new MemoryDelaySchedules(state.maxKeys(), clock::millis);
        return state.redis() ? new RedisDelaySchedules(redis.getObject(), memory) : memory;
    }

    @Bean
    SharedCircuits sharedCircuits(ObjectProvider<SharedRedis> redis) {
        SharedCircuits memory = new MemorySharedCircuits();
        return state.redis() ? new RedisSharedCircuits(redis.getObject(), memory) : memory;
    }

    @Bean
    FraudCounters fraudCounters(ObjectProvider<SharedRedis> redis) {
        FraudCounters memory = new MemoryFraudCounters(state.fraudMaxKeys(), clock::millis);
        return state.redis() ? new RedisFraudCounters(redis.getObject(), memory) : memory;
    }

    @Bean
    FraudBlocks fraudBlockStore(ObjectProvider<SharedRedis> redis) {
        FraudBlocks memory = new MemoryFraudBlocks(state.fraudMaxKeys(), clock::millis);
        return state.redis() ? new RedisFraudBlocks(redis.getObject(), memory) : memory;
    }

    @Bean
    MessageStatuses messageStatuses(ObjectProvider<SharedRedis> redis, StatusProperties statuses) {
        MessageStatuses memory = new MemoryMessageStatuses(statuses.maxTracked(), statuses.ttl().toMillis(), clock::millis);
        return state.redis() ? new RedisMessageStatuses(redis.getObject(), memory, statuses.ttl().toMillis()) : memory;
    }

    @Bean
    IdempotencyKeys idempotencyKeys(ObjectProvider<SharedRedis> redis, IdempotencyProperties idempotency) {
        IdempotencyKeys memory = new MemoryIdempotencyKeys(idempotency.maxKeys());
        return state.redis() ? new RedisIdempotencyKeys(redis.getObject(), memory) : memory;
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
