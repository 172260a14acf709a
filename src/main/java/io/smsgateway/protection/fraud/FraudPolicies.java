package io.smsgateway.protection.fraud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.smsgateway.config.ConfigurationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The fraud policy in force: the configuration's lists, and the policy file's over them. A wrong
 * entry stops start-up with one line naming it; a file changed while the service runs is taken at
 * once when it is right, and refused — the policy in force staying — when it is not.
 */
@Component
class FraudPolicies implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(FraudPolicies.class);
    private static final String VARIABLE = "SMS_FRAUD_POLICY_FILE";

    private final FraudPolicy configured;
    private final Path file;
    private final AtomicReference<FraudPolicy> current = new AtomicReference<>();
    private final ScheduledFuture<?> watch;
    private FileTime readAt;

    FraudPolicies(FraudProperties properties, ScheduledExecutorService protectionScheduler) {
        this.configured = new FraudPolicy(countries(properties.geo().allowed(), "SMS_FRAUD_COUNTRIES_ALLOWED"),
                countries(properties.geo().blocked(), "SMS_FRAUD_COUNTRIES_BLOCKED"),
                Set.copyOf(properties.numberType().blocked()), Set.copyOf(properties.numberType().watched()), List.of());
        this.file = properties.policy().file();
        if (file == null) {
            current.set(configured);
            watch = null;
            return;
        }
        try {
            readAt = modified();
            current.set(PolicyFile.read(file, configured));
        } catch (PolicyFile.Invalid e) {
            throw new ConfigurationError(VARIABLE, "(" + file + ") " + e.getMessage());
        }
        long every = properties.policy().reload().toMillis();
        watch = protectionScheduler.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        LOG.info("fraud policy read from {}", file);
    }

    FraudPolicy current() {
        return current.get();
    }

    /** Takes a changed file that is right; keeps the policy in force, saying why, when it is not. */
    void reloadIfChanged() {
        FileTime modified = modified();
        if (modified == null || modified.equals(readAt)) {
            return;
        }
        readAt = modified;
        try {
            current.set(PolicyFile.read(file, configured));
            LOG.info("fraud policy reloaded from {}", file);
        } catch (PolicyFile.Invalid e) {
            LOG.error("fraud policy {} refused, the one in force stays: {}", file, e.getMessage());
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<String> countries(Set<String> configured, String variable) {
        Set<String> codes = new LinkedHashSet<>();
        for (String code : configured) {
            try {
                codes.add(PolicyFile.country(code, variable));
            } catch (PolicyFile.Invalid e) {
                throw new ConfigurationError(variable, "holds '" + code + "', which is not an ISO 3166 alpha-2 country code");
            }
        }
        return Set.copyOf(codes);
    }

    @Override
    public void destroy() {
        if (watch != null) {
            watch.cancel(false);
        }
    }
}
