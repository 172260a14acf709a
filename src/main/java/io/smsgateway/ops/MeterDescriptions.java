package io.smsgateway.ops;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.stereotype.Component;

/**
 * Help text for the service's meters counted with the shorthand {@code meters.counter(name, tags)},
 * which takes none, from several classes: Prometheus's exposition takes a family's help from the
 * first meter registered under its name, so it is given here, in one place, to each of them.
 * Meters registered with a description keep theirs.
 */
@Component
class MeterDescriptions implements MeterFilter {

    private static final Map<String, String> HELP = Map.of(
            "sms.sends", "Send requests by provider and outcome: sent, refused by the gateway, failed at the provider",
            "sms.rejections", "Sends refused by the gateway before any provider call, by reason",
            "sms.ingested", "Messages ingested from dropped files and the JMS queue, by source and outcome",
            "sms.file.ingest.halted", "1 while file ingestion is halted because a delivery report cannot be written",
            "sms.file.report.failures", "Delivery report lines that could not be written, or reports that could not be read back");

    @Override
    public Meter.Id map(Meter.Id id) {
        String help = HELP.get(id.getName());
        if (help == null || id.getDescription() != null) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
    }
}
