package io.smsgateway.protection.fraud;

import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.state.FraudBlocks;
import io.smsgateway.state.FraudBlocks.Block;
import io.smsgateway.state.FraudBlocks.Screen;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The blocks in force stand before the counters: a send to a blocked prefix or country is refused
 * whatever rule placed the block, and the block is renewed — it holds while the traffic goes on.
 * An allow override of the operator lets the send through.
 */
@Component("activeBlocks")
class ActiveBlocks {

    /** Exchange property: the blocks read by FraudOverrides with the overrides (FraudBlocks.screen), where they were. */
    static final String SCREENED = "smsFraudScreen";

    private final FraudBlocks blocks;
    private final FraudDecisions decisions;

    ActiveBlocks(FraudBlocks blocks, FraudDecisions decisions, MeterRegistry meters) {
        this.blocks = blocks;
        this.decisions = decisions;
        Gauge.builder("sms.fraud.blocks.active", blocks, store -> store.activeBlocks().size())
                .description("Fraud shield blocks in force now").register(meters);
    }

    public void check(Exchange exchange) {
        if (FraudOverrides.allowed(exchange, false)) {
            return;
        }
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        Screen screened = exchange.getProperty(SCREENED, Screen.class);
        Optional<Block> block;
        if (screened != null) {
            // read with the overrides a moment ago: renewed now, as the send meets it
            block = screened.block();
            block.ifPresent(blocks::renew);
        } else {
            block = blocks.active(subjects(receiver));
        }
        block.ifPresent(found -> decisions.decide(exchange, RuleMode.BLOCK, found.rule(), receiver, refusal(found)));
    }

    /** The subjects a block of a send's receiver is about, the most precise first. */
    static List<String> subjects(Receiver receiver) {
        return List.of(receiver.prefixSubject(), receiver.countrySubject());
    }

    /** Why a blocked send is refused, in words a support person can act on. */
    static String refusal(Block block) {
        String why = switch (block.rule()) {
            case AdjacentNumberRule.RULE -> "too many different receivers in " + block.shown() + " in a short time";
            case UnverifiedBudgetRule.RULE -> "too many unverified messages to " + block.shown();
            default -> "the provider reported pumping traffic to " + block.shown();
        };
        return why + ": blocked until " + block.until();
    }
}
