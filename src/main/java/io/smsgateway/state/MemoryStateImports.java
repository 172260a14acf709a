package io.smsgateway.state;

import java.util.Set;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * With the state in memory (the default), Spring Boot's Redis auto-configurations are left out: they
 * built a Lettuce client, its Netty resources and the templates nobody used, about 1,200 classes
 * of start-up (bench/RESULTS.md, "Where start-up time goes"). Any other value, REDIS or one that does
 * not bind, keeps them, and StateProperties reports a wrong value as before.
 */
class MemoryStateImports implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final Set<String> REDIS = Set.of(
            "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.redis.RedisReactiveAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.redis.RedisRepositoriesAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.data.redis.RedisHealthContributorAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.data.redis.RedisReactiveHealthContributorAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.redis.LettuceMetricsAutoConfiguration");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean memory = inMemory();
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            // an earlier filter's leftovers are null
            String candidate = autoConfigurationClasses[i];
            matches[i] = candidate == null || !(memory && REDIS.contains(candidate));
        }
        return matches;
    }

    private boolean inMemory() {
        try {
            return Binder.get(environment).bind("sms.state.store", StateProperties.Store.class)
                    .map(StateProperties.Store.MEMORY::equals).orElse(false);
        } catch (RuntimeException notAStore) {
            return false;
        }
    }
}
