package io.smsgateway.send;

import static org.assertj.core.api.Assertions.assertThat;

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
}
