package io.smsgateway.ops;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The totals since start the console charts, read from the service's own counters: sends by
 * outcome, and refusals by reason with "fraud" split by the rule that refused
 * ({@code sms_fraud_decisions_total{action="block"}}, whose rule tag takes a handful of values).
 * Read by GET /admin/status at each poll and by {@link StatusHistory} at each tick, so both agree.
 */
@Component
class StatusCounters {

    static final String FRAUD = "fraud";

    private final MeterRegistry meters;

    StatusCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    Map<String, Long> sends() {
        return totalsBy("sms.sends", "outcome", null);
    }

    Map<String, Long> rejections() {
        return totalsBy("sms.rejections", "reason", null);
    }

    /**
     * The rejections, "fraud" replaced by "fraud: rule" for each rule's refusals. Should a fraud
     * refusal have no decision counted yet (both are counted apart, a moment apart), it stays "fraud".
     */
    Map<String, Long> refusals() {
        Map<String, Long> refusals = rejections();
        Long fraud = refusals.remove(FRAUD);
        long byRules = 0;
        for (Map.Entry<String, Long> rule : totalsBy("sms.fraud.decisions", "rule", "block").entrySet()) {
            refusals.put(FRAUD + ": " + rule.getKey(), rule.getValue());
            byRules += rule.getValue();
        }
        if (fraud != null && fraud > byRules) {
            refusals.put(FRAUD, fraud - byRules);
        }
        return refusals;
    }

    /** A counter's total by one tag, summed over its others; only its {@code action} ones when given. */
    Map<String, Long> totalsBy(String counter, String tag, String action) {
        Map<String, Long> totals = new TreeMap<>();
        for (Counter each : action == null ? meters.find(counter).counters() : meters.find(counter).tag("action", action).counters()) {
            totals.merge(each.getId().getTag(tag), (long) each.count(), Long::sum);
        }
        return totals;
    }
}
