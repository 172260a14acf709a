package io.smsgateway.protection.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.MemoryRateLog;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** What a refused send is told about the budget, including while granted permits are not recorded yet. */
class RateBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RateBudget budget = new RateBudget(new MemoryRateLog(now::get),
            new RateLimitProperties(5, Duration.ofSeconds(2)),
            new ProviderProperties("twilio", Duration.ofSeconds(10), Duration.ofSeconds(5), 10, "none",
                    new ProviderProperties.Circuit(50, 10, 20, Duration.ofSeconds(30), 3)));
    private final CamelContext camel = new DefaultCamelContext();

    @Test
    void aRefusalBeforeAnyPermitIsRecordedWaitsAWholeWindow() {
        // the Throttler refuses while the sends it let through have not reached rateBudget.spend yet
        SendFailure refusal = budget.refusal();
        Exchange answer = refused(refusal);
        budget.headers(answer);

        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(2);
        assertThat(answer.getMessage().getHeader("RateLimit-Remaining")).isEqualTo(0);
        assertThat(answer.getMessage().getHeader("RateLimit-Reset")).isEqualTo(2L);
    }

    @Test
    void aRefusalWaitsUntilTheOldestRecordedPermitReturns() {
        for (int i = 0; i < 5; i++) {
            sendThroughTheProvider();
            now.addAndGet(100);
        }
        now.addAndGet(1_100); // the first permit returns 400 ms from now

        SendFailure refusal = budget.refusal();
        Exchange answer = refused(refusal);
        budget.headers(answer);

        assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
        assertThat(answer.getMessage().getHeader("RateLimit-Reset")).isEqualTo(1L);
    }

    @Test
    void aPermitCountsWhileItsSendIsAtTheProviderAndAWindowAfter() {
        Exchange slow = new DefaultExchange(camel);
        budget.spend(slow);
        for (int i = 0; i < 4; i++) {
            sendThroughTheProvider();
        }
        now.addAndGet(3_000); // the four have returned, the slow send is still at its provider
        for (int i = 0; i < 4; i++) {
            sendThroughTheProvider();
        }
        assertThatThrownBy(() -> budget.spend(new DefaultExchange(camel))).isInstanceOf(SendFailure.class);

        done(slow);
        now.addAndGet(1_999);
        assertThatThrownBy(() -> budget.spend(new DefaultExchange(camel))).isInstanceOf(SendFailure.class);
        now.addAndGet(1);
        budget.spend(new DefaultExchange(camel));
    }

    @Test
    void aGrantedSendReportsWhatItsPermitLeft() {
        Exchange send = new DefaultExchange(camel);
        budget.spend(send);
        budget.headers(send);

        assertThat(send.getMessage().getHeader("RateLimit-Limit")).isEqualTo(5);
        assertThat(send.getMessage().getHeader("RateLimit-Remaining")).isEqualTo(4);
        assertThat(send.getMessage().getHeader("RateLimit-Reset")).isEqualTo(2L);
    }

    private void sendThroughTheProvider() {
        Exchange send = new DefaultExchange(camel);
        budget.spend(send);
        done(send);
    }

    /** What the send pipeline's completion does when it is done with the exchange. */
    private void done(Exchange exchange) {
        budget.settle(exchange);
    }

    /** An answer being written for a send the budget refused, as the error handling names it. */
    private Exchange refused(SendFailure refusal) {
        Exchange answer = new DefaultExchange(camel);
        answer.setProperty(SendFailure.PROPERTY, refusal);
        return answer;
    }
}
