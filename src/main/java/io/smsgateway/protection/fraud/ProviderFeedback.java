package io.smsgateway.protection.fraud;

import io.smsgateway.message.Providers;
import io.smsgateway.state.FraudBlocks;
import io.smsgateway.state.FraudBlocks.Block;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What a provider's own fraud protection tells the shield: a receiver it blocked as pumping blocks
 * the receiver's prefix here too, for SMS_FRAUD_BLOCK_DURATION and longer on each repeat, like the
 * shield's own blocks — the provider's verdict is evidence enough, and the other provider must not
 * be sent what this one refused.
 */
@Component("providerFeedback")
class ProviderFeedback {

    static final String RULE = "provider";

    private final FraudBlocks blocks;
    private final FraudDecisions decisions;
    private final FraudProperties.Blocks lengths;

    ProviderFeedback(FraudBlocks blocks, FraudDecisions decisions, FraudProperties properties) {
        this.blocks = blocks;
        this.decisions = decisions;
        this.lengths = properties.blocks();
    }

    public void blockPrefix(Exchange exchange) {
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        String evidence = exchange.getProperty(Providers.PROPERTY, String.class) + " refused a receiver of it as pumping";
        Block block = blocks.place(receiver.prefixSubject(), receiver.shownPrefix(), RULE, evidence,
                lengths.duration().toMillis(), lengths.maxDuration().toMillis());
        decisions.blocked(block);
    }
}
