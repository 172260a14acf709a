package io.smsgateway.protection.fraud;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smsgateway.state.FraudBlocks;
import io.smsgateway.state.FraudBlocks.Block;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The blocks the shield places itself (rules 4 and 5, a provider's pumping verdict): for
 * SMS_FRAUD_BLOCK_DURATION, doubled on each repeat up to SMS_FRAUD_BLOCK_MAX_DURATION, logged at
 * WARN once per block with the masked subject and its evidence, however many racing sends meet it.
 */
@Component
class AutomaticBlocks {

    private static final Logger LOG = LoggerFactory.getLogger(AutomaticBlocks.class);

    private final FraudBlocks blocks;
    private final FraudDecisions decisions;
    private final FraudProperties.Blocks lengths;
    // blocks already logged, bounded: an attacker may cause many
    private final Cache<String, Boolean> logged = Caffeine.newBuilder().maximumSize(10_000).build();

    AutomaticBlocks(FraudBlocks blocks, FraudDecisions decisions, FraudProperties properties) {
        this.blocks = blocks;
        this.decisions = decisions;
        this.lengths = properties.blocks();
    }

    /** Blocks a subject (an active block stays as it is) and answers the block in force. */
    Block place(String subject, String shown, String rule, String evidence) {
        Block block = blocks.place(subject, shown, rule, evidence, lengths.duration().toMillis(), lengths.maxDuration().toMillis());
        if (logged.asMap().putIfAbsent(block.subject() + "@" + block.since().toEpochMilli(), Boolean.TRUE) == null) {
            LOG.warn("fraud shield {} blocked {} until {}: {}", block.rule(), block.shown(), block.until(), block.evidence());
        }
        return block;
    }

    /** A rule found a subject over its limit: in block mode it is blocked and the send refused; in monitor, recorded. */
    void over(Exchange exchange, RuleMode mode, String rule, Receiver receiver, String subject, String shown, String evidence) {
        if (mode == RuleMode.BLOCK) {
            Block block = place(subject, shown, rule, evidence);
            decisions.decide(exchange, RuleMode.BLOCK, rule, receiver, ActiveBlocks.refusal(block));
        } else {
            decisions.decide(exchange, RuleMode.MONITOR, rule, receiver, "would block " + shown + ": " + evidence);
        }
    }
}
