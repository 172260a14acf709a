package io.smsgateway.protection.fraud;

import org.apache.camel.Exchange;

/**
 * A rule that judges a receiver by the policy in force alone (rules 1 and 2): skipped when off, or
 * when an operator's allow override says force; otherwise it judges in its mode.
 */
abstract class PolicyRule {

    private final RuleMode mode;
    private final FraudPolicies policies;

    PolicyRule(RuleMode mode, FraudPolicies policies) {
        this.mode = mode;
        this.policies = policies;
    }

    public void check(Exchange exchange) {
        if (mode == RuleMode.OFF || FraudOverrides.allowed(exchange, true)) {
            return;
        }
        judge(exchange, exchange.getProperty(Receiver.PROPERTY, Receiver.class), policies.current(), mode);
    }

    abstract void judge(Exchange exchange, Receiver receiver, FraudPolicy policy, RuleMode mode);
}
