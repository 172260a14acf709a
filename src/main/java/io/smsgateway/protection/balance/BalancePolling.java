package io.smsgateway.protection.balance;

import java.util.UUID;

import io.smsgateway.message.Providers;
import io.smsgateway.state.SharedCircuits;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Who polls a provider's balance: with Redis, one instance of the fleet at a time holds a lease it
 * renews at each tick, and the others adopt the verdict it publishes, so a fleet makes one balance
 * call per interval and every instance sees a flip within one interval. Alone, this instance polls.
 */
@Component("balancePolling")
class BalancePolling {

    /** Set by {@link #takeTurn}: whether this instance checks the balance at this tick. */
    static final String POLLS = "balancePolls";

    private final SharedCircuits shared;
    private final BalanceCircuit circuit;
    private final long leaseMillis;
    private final String instance = UUID.randomUUID().toString();

    BalancePolling(SharedCircuits shared, BalanceCircuit circuit, BalanceProperties properties) {
        this.shared = shared;
        this.circuit = circuit;
        this.leaseMillis = 2 * properties.interval().toMillis();
    }

    /** Takes or renews the lease; a re-check asked for by a send is made whoever holds it. */
    public void takeTurn(Exchange exchange) {
        boolean recheck = exchange.getProperty(BalanceCircuit.RECHECK, false, Boolean.class);
        exchange.setProperty(POLLS, recheck || shared.takePollerTurn(provider(exchange), instance, leaseMillis));
    }

    /** An instance that does not poll takes the fleet's verdict, once one is published. */
    public void adoptShared(Exchange exchange) {
        String provider = provider(exchange);
        shared.circuit(provider).ifPresent(published -> circuit.adopt(provider, published));
    }

    private static String provider(Exchange exchange) {
        return exchange.getProperty(Providers.PROPERTY, String.class);
    }
}
