package io.smsgateway.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.send.SendFailure;
import io.smsgateway.state.MemoryProtectionState;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** What a refused send is told about the budget, including while granted permits are not recorded yet. */
class RateBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RateBudget budget = new RateBudget(
            new MemoryProtectionState(120_000, 1_000, now::get), new RateLimitProperties(5, "2s"),
            new ProviderProperties("twilio", "10s", "5s", 10));
    private final CamelContext camel = new DefaultCamelContext();

    @Test
    void aRefusalBeforeAnyPermitIsRecordedWaitsAWholeWindow() {
        // the Throttler refuses while the sends it let through have not reached rateBudget.spend yet
        SendFailure refusal = budget.refusal();
        Exchange answer = new DefaultExchange(camel);
        budget.headers(answer, true);

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
        Exchange answer = new DefaultExchange(camel);
        budget.headers(answer, true);

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
        budget.headers(send, false);

        assertThat(send.getMessage().getHeader("RateLimit-Limit")).isEqualTo(5);
        assertThat(send.getMessage().getHeader("RateLimit-Remaining")).isEqualTo(4);
        assertThat(send.getMessage().getHeader("RateLimit-Reset")).isEqualTo(2L);
    }

    private void sendThroughTheProvider() {
        Exchange send = new DefaultExchange(camel);
        budget.spend(send);
        done(send);
    }

    /** What the exchange's unit of work does when the route is done with it. */
    private static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(synchronization -> synchronization.onComplete(exchange));
    }
}
