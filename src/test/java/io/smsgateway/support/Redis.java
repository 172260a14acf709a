package io.smsgateway.support;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis on 127.0.0.1:6379 (.ci/run starts one when none answers). Each test writes under a
 * prefix of its own and removes only its own keys.
 */
public final class Redis {

    public static final String URL = "redis://127.0.0.1:6379";

    private Redis() {
    }

    public static String prefix(String test) {
        return "test:" + test + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public static StringRedisTemplate template(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        factory.afterPropertiesSet();
        factory.start();
        return new StringRedisTemplate(factory);
    }

    public static Set<String> keys(StringRedisTemplate redis, String prefix) {
        try (var cursor = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
            return cursor.stream().collect(Collectors.toSet());
        }
    }

    public static void removeKeys(StringRedisTemplate redis, String prefix) {
        Set<String> keys = keys(redis, prefix);
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
