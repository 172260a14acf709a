package io.smsgateway.protection.fraud;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 2, geo-permissions: countries messages may go to (SMS_FRAUD_COUNTRIES_ALLOWED, all when
 * empty) and may not (SMS_FRAUD_COUNTRIES_BLOCKED), or the policy file's lists.
 */
@Component("geoRule")
class GeoRule extends PolicyRule {

    private final FraudDecisions decisions;

    GeoRule(FraudProperties properties, FraudPolicies policies, FraudDecisions decisions) {
        super(properties.geo().mode(), policies);
        this.decisions = decisions;
    }

    @Override
    void judge(Exchange exchange, Receiver receiver, FraudPolicy policy, RuleMode mode) {
        if (policy.countryRefused(receiver.country())) {
            decisions.decide(exchange, mode, "geo", receiver,
                    "messages to " + receiver.country() + " are not allowed by this gateway's country rules");
        }
    }
}
