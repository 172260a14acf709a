package io.smsgateway.protection.fraud;

import io.smsgateway.state.FraudBlocks;
import io.smsgateway.state.FraudBlocks.Block;
import io.smsgateway.state.FraudCounters;
import io.smsgateway.state.FraudCounters.Tally;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 4, the unverified budget: real users use the codes they are sent, pumped numbers do not.
 * Within SMS_FRAUD_UNVERIFIED_WINDOW a country may have max(SMS_FRAUD_UNVERIFIED_COUNTRY_FLOOR,
 * SMS_FRAUD_UNVERIFIED_RATIO × its verified sends) unverified sends, a prefix likewise with its own
 * floor; the next one blocks it. It needs the application to report verifications
 * (POST /verifications), so it starts in monitor mode.
 */
@Component("unverifiedBudgetRule")
class UnverifiedBudgetRule {

    static final String RULE = "unverified";

    private final FraudProperties.Unverified unverified;
    private final FraudProperties.Blocks lengths;
    private final FraudCounters counters;
    private final FraudBlocks blocks;
    private final FraudDecisions decisions;

    UnverifiedBudgetRule(FraudProperties properties, FraudCounters counters, FraudBlocks blocks, FraudDecisions decisions) {
        this.unverified = properties.unverified();
        this.lengths = properties.blocks();
        this.counters = counters;
        this.blocks = blocks;
        this.decisions = decisions;
    }

    public void check(Exchange exchange) {
        if (unverified.mode() == RuleMode.OFF || FraudOverrides.allowed(exchange, false)) {
            return;
        }
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        long window = unverified.window().toMillis();
        Tally country = counters.tally(receiver.countrySubject(), window);
        if (country.unverified() >= unverified.allowance(unverified.countryFloor(), country.verified())) {
            exceeded(exchange, receiver, receiver.countrySubject(), receiver.country(), country);
        }
        Tally prefix = counters.tally(receiver.prefixSubject(), window);
        if (prefix.unverified() >= unverified.allowance(unverified.prefixFloor(), prefix.verified())) {
            exceeded(exchange, receiver, receiver.prefixSubject(), receiver.shownPrefix(), prefix);
        }
    }

    private void exceeded(Exchange exchange, Receiver receiver, String subject, String shown, Tally tally) {
        String evidence = tally.unverified() + " unverified and " + tally.verified() + " verified within "
                + AdjacentNumberRule.span(unverified.window());
        if (unverified.mode() == RuleMode.BLOCK) {
            Block block = blocks.place(subject, shown, RULE, evidence, lengths.duration().toMillis(), lengths.maxDuration().toMillis());
            decisions.blocked(RULE, shown, evidence, block.until());
            decisions.decide(exchange, RuleMode.BLOCK, RULE, receiver, ActiveBlocks.refusal(block));
        } else {
            decisions.decide(exchange, RuleMode.MONITOR, RULE, receiver, "would block " + shown + ": " + evidence);
        }
    }
}
