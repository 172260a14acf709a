package io.smsgateway.protection.balance;

import java.math.BigDecimal;
import java.util.Optional;

import io.smsgateway.message.SendFailure;
import io.smsgateway.state.SharedCircuits.Circuit;

/**
 * One provider's balance circuit as a state machine, without I/O: it opens at or below
 * BALANCE_MINIMUM and closes above it; when checks fail, the last known state holds until
 * BALANCE_CHECK_FAILURE_THRESHOLD failures in a row, then BALANCE_CHECK_FAIL_MODE applies, as it
 * does until the first check succeeds. An account-suspended answer opens it at once, and no check
 * begun before that answer can close it. Each change it returns is for the caller to publish.
 */
final class BalanceVerdict {

    static final String EXHAUSTED = "exhausted";
    static final String UNKNOWN = "unknown";
    static final String SUSPENDED = "suspended";

    private final BalanceProperties properties;
    private Circuit current;
    private BigDecimal lastBalance;
    private int failuresInARow;
    private long checksStarted;
    private long lastCheckBeforeSuspension = -1;

    BalanceVerdict(BalanceProperties properties) {
        this.properties = properties;
    }

    /** A check begins: its number, to tell later whether it began before a suspension. */
    synchronized long checkStarting() {
        return ++checksStarted;
    }

    /** A balance was read by check {@code check}: the circuit to publish, or empty when the read is stale. */
    synchronized Optional<Circuit> balanceRead(BigDecimal balance, long check) {
        failuresInARow = 0;
        lastBalance = balance;
        boolean open = balance.compareTo(properties.minimum()) <= 0;
        if (!open && check <= lastCheckBeforeSuspension) {
            return Optional.empty(); // a read from before the account-suspended answer cannot clear it
        }
        return Optional.of(current = new Circuit(open, open ? EXHAUSTED : null));
    }

    /** A check failed: the circuit to publish once the fail mode applies, else empty (the last known state holds). */
    synchronized Optional<Circuit> checkFailed() {
        failuresInARow++;
        boolean neverKnown = current == null || UNKNOWN.equals(current.reason());
        if (failuresInARow >= properties.failureThreshold() || neverKnown) {
            return Optional.of(current = new Circuit(properties.blocksWhenUnknown(), UNKNOWN));
        }
        return Optional.empty();
    }

    /** The provider refused a send for a suspended or inactive account: open now. */
    synchronized Circuit suspended() {
        lastCheckBeforeSuspension = checksStarted;
        return current = new Circuit(true, SUSPENDED);
    }

    /** Another instance's verdict, taken as this one's. */
    synchronized void adopt(Circuit shared) {
        current = shared;
    }

    synchronized Circuit current() {
        return current;
    }

    synchronized BigDecimal lastBalance() {
        return lastBalance;
    }

    /** The answer to a send while the circuit is open. */
    synchronized Optional<SendFailure> refusal() {
        Circuit circuit = current != null ? current : new Circuit(properties.blocksWhenUnknown(), UNKNOWN);
        if (!circuit.open()) {
            return Optional.empty();
        }
        String why = switch (circuit.reason() == null ? EXHAUSTED : circuit.reason()) {
            case UNKNOWN -> "the provider balance cannot be checked";
            case SUSPENDED -> "the provider reported the account suspended or inactive";
            default -> "the provider balance is exhausted";
        };
        return Optional.of(new SendFailure(503, "balance", why + ": sends are paused", properties.retryAfterSeconds()));
    }
}
