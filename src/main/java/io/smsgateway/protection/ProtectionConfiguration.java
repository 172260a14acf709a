package io.smsgateway.protection;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

@Configuration(proxyBeanMethods = false)
class ProtectionConfiguration {

    /** Resumes held sends; one thread, as resuming only hands the exchange back to Camel. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService protectionScheduler() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("sms-release-");
        threads.setDaemon(true);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
