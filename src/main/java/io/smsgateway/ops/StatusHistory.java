package io.smsgateway.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smsgateway.message.JsonAnswers;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The recent history of the counters the console charts, so that it draws the last 15 minutes as
 * soon as it opens rather than only what it polled since: every SMS_CONSOLE_HISTORY_INTERVAL
 * (routes/status-history.camel.yaml) the totals since start are sampled into a ring of
 * SMS_CONSOLE_HISTORY_SPAN / interval + 1 entries — 91 by default, each two small maps of
 * outcome and reason names. No number nor text is in it. Each instance keeps its own.
 */
@Component("statusHistory")
class StatusHistory {

    record Sample(Instant at, Map<String, Long> sends, Map<String, Long> refusals) {
    }

    private final StatusCounters counters;
    private final Clock clock;
    private final int kept;
    private final double intervalSeconds;
    private final Deque<Sample> samples = new ArrayDeque<>();

    StatusHistory(StatusCounters counters, OpsProperties properties, Clock clock) {
        this.counters = counters;
        this.clock = clock;
        this.kept = properties.historySamples();
        this.intervalSeconds = properties.historyInterval().toMillis() / 1000.0;
    }

    /** The timer's tick: the totals now, the oldest sample dropped once the ring is full. */
    public void sample() {
        Sample sample = new Sample(clock.instant(), counters.sends(), counters.refusals());
        synchronized (samples) {
            if (samples.size() == kept) {
                samples.removeFirst();
            }
            samples.addLast(sample);
        }
    }

    /** The samples, oldest first. */
    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** GET /admin/history: the samples, oldest first, as the totals /admin/status answers. */
    public Map<String, Object> history(Exchange exchange) {
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("intervalSeconds", intervalSeconds);
        history.put("samples", samples().stream().map(sample -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("at", sample.at().toString());
            shown.put("sends", sample.sends());
            shown.put("refusals", sample.refusals());
            return shown;
        }).toList());

        return JsonAnswers.answer(exchange, 200, history);
    }
}
