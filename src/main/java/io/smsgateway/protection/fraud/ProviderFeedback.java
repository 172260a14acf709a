package io.smsgateway.protection.fraud;

import io.smsgateway.message.Providers;
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

    private final AutomaticBlocks blocks;

    ProviderFeedback(AutomaticBlocks blocks) {
        this.blocks = blocks;
    }

    public void blockPrefix(Exchange exchange) {
        Receiver receiver = exchange.getProperty(Receiver.PROPERTY, Receiver.class);
        String evidence = exchange.getProperty(Providers.PROPERTY, String.class) + " refused a receiver of it as pumping";
        blocks.place(receiver.prefixSubject(), receiver.shownPrefix(), RULE, evidence);
    }
}
