package io.smsgateway.provider.console;

import java.time.Instant;
import java.util.UUID;

import io.smsgateway.message.MessageMdc;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.ProviderResult;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.provider.ConditionalOnProvider;
import io.smsgateway.provider.SegmentCounter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** SERVICE_PROVIDER=console: the whole pipeline runs, and the message is logged instead of sent. */
@Component("consoleProvider")
@ConditionalOnProvider("console")
class ConsoleProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProvider.class);

    ConsoleProvider() {
        LOG.warn("SERVICE_PROVIDER=console: messages are logged, not sent; nothing reaches any phone");
    }

    public ProviderResult send(SmsRequest request, Exchange exchange) {
        int segments = SegmentCounter.count(request.body());
        String sid = "CN" + UUID.randomUUID().toString().replace("-", "");
        // the body may be a one-time password: its size is logged, never its text
        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            LOG.info("console provider: {} ({} characters, {} segment(s)) to {} logged, not sent", sid,
                    request.body().codePointCount(0, request.body().length()), segments, PhoneNumbers.mask(request.receiver()));
        }
        return new ProviderResult(sid, "queued", Integer.toString(segments), Instant.now());
    }
}
