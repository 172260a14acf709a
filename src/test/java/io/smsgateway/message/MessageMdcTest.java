package io.smsgateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MessageMdcTest {

    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void namesTheMessageForItsLinesOnlyWithTheReceiverMasked() {
        exchange.setProperty(RequestIds.PROPERTY, "req-7");
        exchange.setProperty(SmsRequest.PROPERTY, new SmsRequest("ACME", "+393331234567", "your code is 123456"));

        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            assertThat(MDC.get("requestId")).isEqualTo("req-7");
            assertThat(MDC.get("receiver")).isEqualTo("+39*******567");
        }

        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void leavesOutWhatIsNotKnownYetAndRestoresWhatWasThere() {
        MDC.put("requestId", "outer");
        MDC.put("receiver", "+1*******310");
        exchange.setProperty(RequestIds.PROPERTY, "req-8"); // refused before it was parsed

        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            assertThat(MDC.get("requestId")).isEqualTo("req-8");
            assertThat(MDC.get("receiver")).isNull();
        }

        assertThat(MDC.get("requestId")).isEqualTo("outer");
        assertThat(MDC.get("receiver")).isEqualTo("+1*******310");
    }
}
