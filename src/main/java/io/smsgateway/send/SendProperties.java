package io.smsgateway.send;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param strictNumbers SMS_STRICT_NUMBERS: numbers must belong to an assigned range, not only have a
 *                      possible length
 */
@ConfigurationProperties("sms.send")
public record SendProperties(boolean strictNumbers) {
}
