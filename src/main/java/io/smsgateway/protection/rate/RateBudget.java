package io.smsgateway.protection.rate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.RateLog;
import io.smsgateway.state.RateLog.RatePermit;
import io.smsgateway.state.StateUnavailable;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The global budget of RATE_LIMIT_MAX_REQUESTS sends per RATE_LIMIT_TIME_WINDOW, spent right before
 * the provider call: the Throttler EIP at the pipeline's entry refuses early (each instance's own
 * ceiling), this keeps the provider's side exact — the instance's budget in memory, the fleet's
 * with Redis — however long a send was held or queued in between. A permit returns one window
 * after its provider call ended, not after it was spent, so no send that takes its time to reach
 * the provider lands in the next window beside that window's own. Every answer tells the caller
 * where the budget stands (RateLimit-Limit, -Remaining, -Reset).
 */
@Component("rateBudget")
public class RateBudget {

    /** The permit a send spent, until the send pipeline's completion settles it. */
    public static final String PERMIT = "smsRatePermit";
    private static final String REFUSED = "rate_limit";
    private static final Logger LOG = LoggerFactory.getLogger(RateBudget.class);

    private final RateLog log;
    private final int limit;
    private final long windowMillis;
    private final long inFlightMillis;

    RateBudget(RateLog log, RateLimitProperties properties, ProviderProperties provider) {
        this.log = log;
        this.limit = properties.maxRequests();
        this.windowMillis = properties.timeWindow().toMillis();
        // a call the provider has not answered within twice its timeouts has ended for sure
        this.inFlightMillis = 2 * provider.callTimeout().toMillis();
    }

    /**
     * Spends this send's permit: recorded on one instance, taken from the fleet's budget with Redis.
     * A send that fails over to its secondary provider after its first call keeps the permit it has.
     */
    public void spend(Exchange exchange) {
        if (exchange.getProperty(PERMIT) != null) {
            return;
        }
        RatePermit permit = log.spend(limit, windowMillis, inFlightMillis);
        if (!permit.granted()) {
            throw refusal();
        }
        // the answer's headers report the budget as this permit left it: no second round trip
        exchange.setProperty(PERMIT, permit);
    }

    /** The send pipeline is done with the provider, whatever the outcome: the permit starts its last window. */
    public void settle(Exchange exchange) {
        RatePermit permit = exchange.getProperty(PERMIT, RatePermit.class);
        try {
            log.settle(permit.ticket());
        } catch (RuntimeException stateUnreachable) {
            // the permit then returns a window after its in-flight bound instead
            LOG.debug("rate permit not settled: {}", stateUnreachable.toString());
        }
    }

    /** The answer to a send the Throttler refused: 429 with Retry-After. */
    public SendFailure refusal() {
        long seconds = secondsUntilAPermitReturns(log.status(limit, windowMillis));
        return new SendFailure(429, REFUSED,
                "rate limit of " + limit + " messages per " + windowMillis + " ms reached: retry in " + seconds + " s", seconds);
    }

    /**
     * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds until a spent permit
     * returns), on every answer. After a refusal by the budget nothing remains, whatever the record
     * shows: a permit the Throttler has granted may not be recorded yet.
     */
    public void headers(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader("RateLimit-Limit", limit);
        RatePermit status = exchange.getProperty(PERMIT, RatePermit.class);
        if (status == null) {
            try {
                status = log.status(limit, windowMillis);
            } catch (StateUnavailable unreachable) {
                // the answer is being written already, whatever the state: only the limit is known
                return;
            }
        }
        SendFailure failure = exchange.getProperty(SendFailure.PROPERTY, SendFailure.class);
        boolean refused = failure != null && REFUSED.equals(failure.reason());
        message.setHeader("RateLimit-Remaining", refused ? 0 : status.remaining());
        message.setHeader("RateLimit-Reset", refused ? secondsUntilAPermitReturns(status) : seconds(status.resetMillis()));
    }

    /**
     * Where the budget stands now, without spending (the admin API's status): the limit, the permits
     * left, the seconds until the oldest spent permit returns, and the window.
     */
    public Map<String, Object> standing() {
        RatePermit status = log.status(limit, windowMillis);
        Map<String, Object> standing = new LinkedHashMap<>();
        standing.put("limit", limit);
        standing.put("remaining", status.remaining());
        standing.put("resetSeconds", seconds(status.resetMillis()));
        standing.put("windowSeconds", windowMillis / 1000.0);
        return standing;
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
