package io.smsgateway.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param checkUpCache SMS_CHECKUP_CACHE: how long /-/check-up keeps its providers' verdict before calling them again */
@ConfigurationProperties("sms.ops")
public record OpsProperties(Duration checkUpCache) {
}
