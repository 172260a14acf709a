package io.smsgateway.protection;

import io.smsgateway.send.SendFailure;
import io.smsgateway.state.ProtectionState;
import io.smsgateway.state.ProtectionState.RatePermit;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The global budget of RATE_LIMIT_MAX_REQUESTS sends per RATE_LIMIT_TIME_WINDOW, spent right before
 * the provider call: the Throttler EIP at the pipeline's entry refuses early (each instance's own
 * ceiling), this keeps the provider's side exact — the instance's budget in memory, the fleet's
 * with Redis — however long a send was held or queued in between. Every answer tells the caller
 * where the budget stands (RateLimit-Limit, -Remaining, -Reset).
 */
@Component("rateBudget")
public class RateBudget {

    private static final String PERMIT = "smsRatePermit";

    private final ProtectionState state;
    private final int limit;
    private final long windowMillis;

    RateBudget(ProtectionState state, RateLimitProperties properties) {
        this.state = state;
        this.limit = properties.maxRequests();
        this.windowMillis = properties.windowMillis();
    }

    /** Spends this send's permit: recorded on one instance, taken from the fleet's budget with Redis. */
    public void spend(Exchange exchange) {
        RatePermit permit = state.spendRatePermit(limit, windowMillis);
        if (!permit.granted()) {
            throw refusal();
        }
        // the answer's headers report the budget as this permit left it: no second round trip
        exchange.setProperty(PERMIT, permit);
    }

    /** The answer to a send the Throttler refused: 429 with Retry-After. */
    public SendFailure refusal() {
        long seconds = secondsUntilAPermitReturns(state.rateStatus(limit, windowMillis));
        return new SendFailure(429, "rate_limit",
                "rate limit of " + limit + " messages per " + windowMillis + " ms reached: retry in " + seconds + " s", seconds);
    }

    /**
     * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds until a spent permit
     * returns). After a refusal nothing remains, whatever the record shows: a permit the Throttler
     * has granted may not be recorded yet.
     */
    public void headers(Exchange exchange, boolean refused) {
        Message message = exchange.getMessage();
        message.setHeader("RateLimit-Limit", limit);
        RatePermit status = exchange.getProperty(PERMIT, RatePermit.class);
        if (status == null) {
            try {
                status = state.rateStatus(limit, windowMillis);
            } catch (SendFailure stateUnreachable) {
                // the answer is being written already, whatever the state: only the limit is known
                return;
            }
        }
        message.setHeader("RateLimit-Remaining", refused ? 0 : status.remaining());
        message.setHeader("RateLimit-Reset", refused ? secondsUntilAPermitReturns(status) : seconds(status.resetMillis()));
    }

    /**
     * After a refusal: the permits the Throttler granted concurrently may not be recorded yet, and
     * then they were granted just now, so the first returns a whole window from now.
     */
    private long secondsUntilAPermitReturns(RatePermit status) {
        return seconds(status.resetMillis() > 0 ? status.resetMillis() : windowMillis);
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
