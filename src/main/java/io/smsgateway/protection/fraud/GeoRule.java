package io.smsgateway.protection.fraud;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 2, geo-permissions: countries messages may go to (SMS_FRAUD_COUNTRIES_ALLOWED, all when
 * empty) and may not (SMS_FRAUD_COUNTRIES_BLOCKED), or the policy file's lists.
 */
@Component("geoRule")
class GeoRule {

    private final RuleMode mode;
    private final FraudPolicies policies;
    private final FraudDecisions decisions;

    GeoRule(FraudProperties properties, FraudPolicies policies, FraudDecisions decisions) {
        this.mode = properties.geo().mode();
        this.policies = policies;
        this.decisions = decisions;
    }

    public void check(Exchange exchange) {
        if (mode == RuleMode.OFF || FraudOverrides.allowed(exchange, true)) {
            return;
        }
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        if (policies.current().countryRefused(receiver.country())) {
            decisions.decide(exchange, mode, "geo", receiver,
                    "messages to " + receiver.country() + " are not allowed by this gateway's country rules");
        }
    }
}
