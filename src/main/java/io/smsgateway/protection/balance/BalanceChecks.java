package io.smsgateway.protection.balance;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The original's switches: TWILIO_EMPTY_BALANCE_CHECK and KALEYRA_EMPTY_BALANCE_CHECK. */
@Component
class BalanceChecks {

    private final boolean twilio;
    private final boolean kaleyra;

    BalanceChecks(@Value("${sms.twilio.empty-balance-check}") boolean twilio,
                  @Value("${sms.kaleyra.empty-balance-check}") boolean kaleyra) {
        this.twilio = twilio;
        this.kaleyra = kaleyra;
    }

    boolean enabledFor(String provider) {
        return switch (provider) {
            case "twilio" -> twilio;
            case "kaleyra" -> kaleyra;
            default -> false;
        };
    }
}
