package io.smsgateway.state;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.protection.DelayProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.actuate.data.redis.RedisHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class StateConfiguration {

    @Bean
    ProtectionState protectionState(StateProperties state, DelayProperties delay,
                                    ObjectProvider<StringRedisTemplate> redis, MeterRegistry meters) {
        MemoryProtectionState memory =
                new MemoryProtectionState(delay.resetAfterMillis(), delay.maxTrackedNumbers(), System::currentTimeMillis);
        if (!state.redis()) {
            return memory;
        }
        return new FailoverProtectionState(new RedisProtectionState(redis.getObject(), state.redisPrefix()), memory,
                state.fallsBackToMemory(), meters);
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
    HealthIndicator sharedStateHealthIndicator(StateProperties state, ObjectProvider<RedisConnectionFactory> redis) {
        if (!state.redis()) {
            return () -> Health.up().withDetail("store", "memory").build();
        }
        RedisHealthIndicator reachable = new RedisHealthIndicator(redis.getObject());
        return () -> Health.status(reachable.health().getStatus()).withDetail("store", "redis").build();
    }
}
