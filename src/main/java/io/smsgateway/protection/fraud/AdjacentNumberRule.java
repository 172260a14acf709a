package io.smsgateway.protection.fraud;

import java.time.Duration;

import io.smsgateway.state.FraudCounters;
import io.smsgateway.state.FraudCounters.Adjacent;
import io.smsgateway.state.FraudCounters.Tally;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 3, adjacent-number velocity: pumping goes to blocks of consecutive numbers of a colluding
 * operator. Past SMS_FRAUD_ADJACENT_THRESHOLD distinct receivers sharing all but their last
 * SMS_FRAUD_ADJACENT_DIGITS digits within SMS_FRAUD_ADJACENT_WINDOW, the prefix is blocked for
 * SMS_FRAUD_BLOCK_DURATION, doubled on each repeat up to SMS_FRAUD_BLOCK_MAX_DURATION. A prefix
 * whose receivers verify their codes is left alone.
 */
@Component("adjacentNumberRule")
class AdjacentNumberRule {

    static final String RULE = "adjacent";

    private final FraudProperties.Adjacent adjacent;
    private final FraudProperties.Unverified unverified;
    private final FraudCounters counters;
    private final AutomaticBlocks blocks;

    AdjacentNumberRule(FraudProperties properties, FraudCounters counters, AutomaticBlocks blocks) {
        this.adjacent = properties.adjacent();
        this.unverified = properties.unverified();
        this.counters = counters;
        this.blocks = blocks;
    }

    public void check(Exchange exchange) {
        if (adjacent.mode() == RuleMode.OFF || FraudOverrides.allowed(exchange, false)) {
            return;
        }
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        // the prefix's tally comes with the receivers once they pass the threshold: one round trip
        Adjacent seen = counters.adjacent(receiver.prefixSubject(), receiver.e164(), adjacent.window().toMillis(),
                adjacent.threshold() + 1, unverified.window().toMillis());
        int distinct = seen.distinct();
        if (distinct <= adjacent.threshold() || verifies(seen.tally(), distinct)) {
            return;
        }
        blocks.over(exchange, adjacent.mode(), RULE, receiver, receiver.prefixSubject(), receiver.shownPrefix(),
                distinct + " different receivers within " + span(adjacent.window()));
    }

    /** Real users verify their codes: a prefix with enough verified sends is not pumping. */
    private boolean verifies(Tally tally, int distinct) {
        long verified = tally.verified();
        return verified > 0 && verified >= unverified.ratio() * distinct;
    }

    /** A window in words: 24 h, 10 min, 30 s. */
    static String span(Duration window) {
        if (window.toHours() >= 1 && window.toMinutesPart() == 0) {
            return window.toHours() + " h";
        }
        return window.toMinutes() >= 1 ? window.toMinutes() + " min" : window.toSeconds() + " s";
    }
}
