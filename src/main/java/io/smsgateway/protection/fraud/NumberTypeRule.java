package io.smsgateway.protection.fraud;

import java.util.Locale;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 1, number type: premium-rate, shared-cost, UAN, pager, voicemail and personal numbers are
 * where pumped messages earn money (SMS_FRAUD_NUMBER_TYPES_BLOCKED); VoIP numbers and numbers in no
 * known range are only recorded (SMS_FRAUD_NUMBER_TYPES_MONITORED); mobile numbers pass.
 */
@Component("numberTypeRule")
class NumberTypeRule extends PolicyRule {

    private final FraudDecisions decisions;

    NumberTypeRule(FraudProperties properties, FraudPolicies policies, FraudDecisions decisions) {
        super(properties.numberType().mode(), policies);
        this.decisions = decisions;
    }

    @Override
    void judge(Exchange exchange, Receiver receiver, FraudPolicy policy, RuleMode mode) {
        if (policy.typesBlocked().contains(receiver.type())) {
            decisions.decide(exchange, mode, "number_type", receiver, "receiver is " + words(receiver.type()));
        } else if (policy.typesWatched().contains(receiver.type())) {
            decisions.decide(exchange, RuleMode.MONITOR, "number_type", receiver, "receiver is " + words(receiver.type()));
        }
    }

    private static String words(PhoneNumberType type) {
        return switch (type) {
            case PREMIUM_RATE -> "a premium-rate number";
            case SHARED_COST -> "a shared-cost number";
            case UAN -> "a universal access number";
            case PAGER -> "a pager number";
            case VOICEMAIL -> "a voicemail access number";
            case PERSONAL_NUMBER -> "a personal (forwarding) number";
            case VOIP -> "a VoIP number";
            case TOLL_FREE -> "a toll-free number";
            case FIXED_LINE -> "a landline number";
            case UNKNOWN -> "in no known number range";
            default -> "a " + type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " number";
        };
    }
}
