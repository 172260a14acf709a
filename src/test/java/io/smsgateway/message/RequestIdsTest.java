package io.smsgateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Request ids: a caller's only when it is sane; a file's message is named by the file and its index. */
class RequestIdsTest {

    private final RequestIds ids = new RequestIds();

    @Test
    void namesAFileMessageByItsFileAndIndex() {
        assertThat(RequestIds.ofFile("otp.csv", 3)).isEqualTo("otp.csv#3");
        assertThat(RequestIds.ofFile("promo 2026 (final).jsonl", 0)).isEqualTo("promo_2026__final_.jsonl#0");
        assertThat(RequestIds.ofFile("evil\nFORGED.jsonl", 12)).isEqualTo("evil_FORGED.jsonl#12");
    }

    @Test
    void boundsAFileMessageIdTo128Characters() {
        String id = RequestIds.ofFile("x".repeat(300) + ".csv", 1_000_000);

        assertThat(id).hasSize(128).endsWith("x#1000000");
    }

    @Test
    void stillRefusesFromOutsideWhatAFileIdHolds() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(RequestIds.HEADER, "otp.csv#3");

        ids.fromHttp(exchange);

        assertThat(exchange.getProperty(RequestIds.PROPERTY, String.class)).isNotEqualTo("otp.csv#3")
                .matches("[0-9a-f-]{36}");
    }

    @Test
    void setsTheFileIdOnTheExchange() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        RequestIds.fromFile(exchange, "otp.csv", 7);

        assertThat(exchange.getProperty(RequestIds.PROPERTY, String.class)).isEqualTo("otp.csv#7");
    }
}
