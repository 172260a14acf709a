package io.smsgateway.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderCircuitOpen;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void acceptsOneTo255PrintableAsciiCharacters() {
        assertThat(IdempotentSends.valid("8e03978e-40d5-43e8-bc93-6894a57f9324")).isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotentSends.valid("a")).isEqualTo("a");
        assertThat(IdempotentSends.valid("order 42/~!")).isEqualTo("order 42/~!");
        assertThat(IdempotentSends.valid("k".repeat(255))).hasSize(255);
    }

    @Test
    void readsAStructuredFieldStringAsItsContent() {
        assertThat(IdempotentSends.valid("\"8e03978e\"")).isEqualTo("8e03978e");
        assertThat(IdempotentSends.valid("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
    }

    @Test
    void refusesEmptyTooLongAndNonPrintable() {
        assertThat(IdempotentSends.valid("")).isNull();
        assertThat(IdempotentSends.valid("\"\"")).isNull();
        assertThat(IdempotentSends.valid("k".repeat(256))).isNull();
        assertThat(IdempotentSends.valid("tab\there")).isNull();
        assertThat(IdempotentSends.valid("caf\u00e9")).isNull();
        assertThat(IdempotentSends.valid("del\u007f")).isNull();
    }

    @Test
    void freesAKeyOnlyWhenNoProviderTookTheMessageForCertain() {
        assertThat(failed(SendFailure.invalid("receiver is required"), null)).isTrue();
        assertThat(failed(new SendFailure(403, "fraud", "blocked", null), null)).isTrue();
        assertThat(failed(new SendFailure(429, "rate_limit", "spent", 1L), null)).isTrue();
        assertThat(failed(new SendFailure(503, "balance", "exhausted", 15L), null)).isTrue();
        assertThat(failed(new SendFailure(429, "provider_throttled", "slow down", 1L), null)).isTrue();
        assertThat(failed(new ProviderCircuitOpen("twilio"), new SendFailure(503, "provider_circuit", "open", 30L))).isTrue();
        assertThat(failed(new ConnectException("refused"), new SendFailure(502, "provider_unreachable", "unreachable", null))).isTrue();

        assertThat(failed(new TimeoutException(), new SendFailure(504, "provider_timeout", "no answer", null))).isFalse();
        assertThat(failed(new SendFailure(502, "provider_error", "twilio answered HTTP 500", null), null)).isFalse();
        assertThat(failed(new SendFailure(400, "provider_rejected", "21211", null), null)).isFalse();
        assertThat(failed(new IllegalStateException("a bug"), new SendFailure(500, "internal", "internal error", null))).isFalse();
    }

    /** Whether the key is freed after this failure, as error-handling names it. */
    private static boolean failed(Exception caught, SendFailure named) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        exchange.setProperty(SendFailure.PROPERTY, named != null ? named : (SendFailure) caught);
        return IdempotentSends.certainlyNotSent(exchange);
    }
}
