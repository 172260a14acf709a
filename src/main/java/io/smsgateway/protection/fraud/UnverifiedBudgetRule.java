package io.smsgateway.protection.fraud;

import java.util.List;

import io.smsgateway.state.FraudCounters;
import io.smsgateway.state.FraudCounters.Counted;
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
    private final FraudCounters counters;
    private final FraudPolicies policies;
    private final AutomaticBlocks blocks;

    UnverifiedBudgetRule(FraudProperties properties, FraudCounters counters, FraudPolicies policies, AutomaticBlocks blocks) {
        this.unverified = properties.unverified();
        this.counters = counters;
        this.policies = policies;
        this.blocks = blocks;
    }

    /**
     * Counts the send as unverified first, then judges the tallies that include it: sends racing each
     * other see distinct counts, so a budget lets through its size and not one more. A refused send
     * is counted no more; one let through is kept counted until its outcome (see Verifications).
     */
    public void check(Exchange exchange) {
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        long window = unverified.window().toMillis();
        List<String> subjects = List.of(receiver.countrySubject(), receiver.prefixSubject());
        Counted counted = counters.count(subjects, window);
        if (unverified.mode() == RuleMode.OFF || FraudOverrides.allowed(exchange, false)) {
            exchange.setProperty(UnverifiedSend.PROPERTY, new UnverifiedSend(subjects, counted.at()));
            return;
        }
        Tally country = counted.tallies().get(0);
        Tally prefix = counted.tallies().get(1);
        int countryFloor = policies.current().countryFloor(receiver.country(), unverified.countryFloor());
        boolean countryOver = country.unverified() > unverified.allowance(countryFloor, country.verified());
        boolean prefixOver = prefix.unverified() > unverified.allowance(unverified.prefixFloor(), prefix.verified());
        if (unverified.mode() == RuleMode.BLOCK && (countryOver || prefixOver)) {
            counters.uncount(subjects, counted.at(), window);
        } else {
            exchange.setProperty(UnverifiedSend.PROPERTY, new UnverifiedSend(subjects, counted.at()));
        }
        if (countryOver) {
            exceeded(exchange, receiver, receiver.countrySubject(), receiver.country(), country);
        }
        if (prefixOver) {
            exceeded(exchange, receiver, receiver.prefixSubject(), receiver.shownPrefix(), prefix);
        }
    }

    private void exceeded(Exchange exchange, Receiver receiver, String subject, String shown, Tally tally) {
        // the tally counts this send: the evidence is what was let through before it
        blocks.over(exchange, unverified.mode(), RULE, receiver, subject, shown, (tally.unverified() - 1) + " unverified and "
                + tally.verified() + " verified within " + AdjacentNumberRule.span(unverified.window()));
    }
}
