package io.smsgateway.protection.fraud;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.smsgateway.state.FraudBlocks;
import io.smsgateway.state.FraudBlocks.OverrideEntry;
import io.smsgateway.state.FraudBlocks.Screen;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The operator's overrides for a receiver — from the policy file and the admin API — the most
 * precise first: the number, then longer prefixes before shorter, then the country. A block
 * override refuses the send; an allow override lets it past the automatic blocks, and past the
 * number-type and country rules too when it says {@code force}.
 */
@Component("fraudOverrides")
class FraudOverrides {

    /** Exchange property: the override that applies to this send, if any. */
    static final String PROPERTY = "smsFraudOverride";

    private final FraudBlocks blocks;
    private final FraudPolicies policies;
    private final FraudDecisions decisions;
    private final Clock clock;

    FraudOverrides(FraudBlocks blocks, FraudPolicies policies, FraudDecisions decisions, Clock clock) {
        this.blocks = blocks;
        this.policies = policies;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** Sets {@link #PROPERTY} to the override that applies; refuses the send when it blocks. */
    public void apply(Exchange exchange) {
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        List<String> subjects = receiver.overrideSubjects();
        Instant now = clock.instant();
        // the blocks in force come with the overrides (one round trip in Redis), for ActiveBlocks
        Screen screen = blocks.screen(subjects, ActiveBlocks.subjects(receiver));
        if (screen.blocksRead()) {
            exchange.setProperty(ActiveBlocks.SCREENED, screen);
        }
        OverrideEntry override = Stream.concat(policies.current().overrides().stream(), screen.overrides().stream())
                .filter(entry -> subjects.contains(entry.subject()))
                .filter(entry -> entry.until() == null || entry.until().isAfter(now))
                .min(Comparator.comparingInt(entry -> subjects.indexOf(entry.subject())))
                .orElse(null);
        if (override == null) {
            return;
        }
        exchange.setProperty(PROPERTY, override);
        if (!override.allow()) {
            decisions.decide(exchange, RuleMode.BLOCK, "override", receiver, "receiver is blocked by the operator"
                    + (override.reason() == null ? "" : " (" + override.reason() + ")")
                    + (override.until() == null ? "" : " until " + override.until()));
        }
    }

    /** Whether an allow override lets this send past the automatic blocks; with {@code force}, past every rule. */
    static boolean allowed(Exchange exchange, boolean forced) {
        OverrideEntry override = exchange.getProperty(PROPERTY, OverrideEntry.class);
        return override != null && override.allow() && (!forced || override.force());
    }
}
