package io.smsgateway.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.JsonAnswers;
import io.smsgateway.protection.rate.RateBudget;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.StateUnavailable;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * GET /admin/status: what the operator console's "Now" view draws, read from the service's own
 * metrics — the counters since start (the console turns successive answers into rates; refusals
 * by reason with fraud split by rule, see {@link StatusCounters}), the global
 * budget left, the sends held by the delay, each provider's balance and circuits, the blocks in
 * force. Counters a send has not created yet are absent, i.e. zero. No number nor text is in it.
 */
@Component("adminStatus")
class AdminStatus {

    private final MeterRegistry meters;
    private final StatusCounters counters;
    private final RateBudget budget;
    private final ProviderProperties providers;
    private final Clock clock;

    AdminStatus(MeterRegistry meters, StatusCounters counters, RateBudget budget, ProviderProperties providers, Clock clock) {
        this.meters = meters;
        this.counters = counters;
        this.budget = budget;
        this.providers = providers;
        this.clock = clock;
    }

    public Map<String, Object> status(Exchange exchange) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("at", clock.instant().toString());
        status.put("sends", counters.sends());
        status.put("rejections", counters.rejections());
        status.put("refusals", counters.refusals());
        status.put("fraudDecisions", rowsBy("sms.fraud.decisions", "rule", "action"));
        status.put("failovers", rowsBy("sms.provider.failovers", "from", "to", "cause"));
        status.put("budget", budget());
        status.put("delayHeld", (long) gauge("sms.delay.held", null));
        status.put("blocksActive", (long) gauge("sms.fraud.blocks.active", null));
        status.put("providers", providers.inUse().stream().sorted().map(this::provider).toList());

        return JsonAnswers.answer(exchange, 200, status);
    }

    private Map<String, Object> budget() {
        try {
            return budget.standing();
        } catch (StateUnavailable unreachable) {
            // redis mode with Redis away: the rest of the status still tells the operator something
            return null;
        }
    }

    private Map<String, Object> provider(String name) {
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("provider", name);
        double balance = gauge("sms.balance", name);
        provider.put("balance", Double.isNaN(balance) ? null : balance);
        provider.put("balanceCircuit", gauge("sms.circuit.open", name) == 1 ? "open" : "closed");
        double health = gauge("sms.provider.circuit.open", name);
        provider.put("healthCircuit", Double.isNaN(health) ? null : health == 0 ? "closed" : health == 1 ? "open" : "half-open");
        return provider;
    }

    /** A counter's totals by several tags, summed over its others: one row each, with its count. */
    private List<Map<String, Object>> rowsBy(String counter, String... tags) {
        Map<List<String>, Long> totals = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (Counter each : meters.find(counter).counters()) {
            totals.merge(Arrays.stream(tags).map(tag -> each.getId().getTag(tag)).toList(), (long) each.count(), Long::sum);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        totals.forEach((values, count) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < tags.length; i++) {
                row.put(tags[i], values.get(i));
            }
            row.put("count", count);
            rows.add(row);
        });
        return rows;
    }

    /** A gauge's value (of one provider when given); NaN when there is no such gauge. */
    private double gauge(String name, String provider) {
        Gauge gauge = provider == null ? meters.find(name).gauge() : meters.find(name).tag("provider", provider).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
