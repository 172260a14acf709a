package io.smsgateway.protection.fraud;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.MessageMdc;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.RequestIds;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every rule does with a finding: count it ({@code sms_fraud_decisions_total{rule, action,
 * country}}), keep it among the recent decisions an operator reads before switching a rule from
 * monitor to block, and — in block mode — refuse the send with 403 and words a support person can
 * act on. Nothing here holds a whole number: receivers are masked, countries are bounded.
 */
@Component
public class FraudDecisions {

    /** Recent decisions kept for the admin API. */
    static final int KEPT = 500;
    private static final Logger LOG = LoggerFactory.getLogger(FraudDecisions.class);

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Deque<Decision> recent = new ArrayDeque<>();

    FraudDecisions(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param action  {@code block} or {@code monitor}
     * @param receiver the receiver, masked; null when the decision is about no message
     */
    public record Decision(Instant at, String rule, String action, String country, String receiver, String requestId,
                           String reason) {
    }

    /** A finding of {@code rule}: refused in block mode (the send ends here), recorded in both. */
    void decide(Exchange exchange, RuleMode mode, String rule, Receiver receiver, String reason) {
        if (mode == RuleMode.OFF) {
            return;
        }
        String action = mode == RuleMode.BLOCK ? "block" : "monitor";
        record(new Decision(clock.instant(), rule, action, receiver.country(), PhoneNumbers.mask(receiver.e164()),
                exchange.getProperty(RequestIds.PROPERTY, String.class), reason));
        if (LOG.isDebugEnabled()) {
            try (MessageMdc mdc = MessageMdc.of(exchange)) {
                LOG.debug("fraud shield {} {}: {}", rule, action, reason);
            }
        }
        if (mode == RuleMode.BLOCK) {
            throw new SendFailure(403, "fraud", reason, null);
        }
    }

    private void record(Decision decision) {
        counters.computeIfAbsent(decision.rule() + ":" + decision.action() + ":" + decision.country(),
                key -> Counter.builder("sms.fraud.decisions")
                        .description("Fraud shield decisions, by rule, action (block, monitor) and country")
                        .tags("rule", decision.rule(), "action", decision.action(), "country", decision.country())
                        .register(meters))
                .increment();
        synchronized (recent) {
            if (recent.size() == KEPT) {
                recent.removeLast();
            }
            recent.addFirst(decision);
        }
    }

    /** The most recent decisions, newest first. */
    public List<Decision> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
