package io.smsgateway.protection;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * Stands before the provider: while the balance circuit is open a send is answered 503 and never
 * reaches the provider, also one that was held by the delay when the circuit opened. Sends that
 * arrive before the first balance check has an outcome wait for it, without a thread.
 */
@Component("balanceGuard")
class BalanceGuard extends AsyncProcessorSupport {

    private final BalanceCircuit circuit;
    private final ScheduledExecutorService resumer;

    BalanceGuard(BalanceCircuit circuit, ScheduledExecutorService protectionScheduler) {
        this.circuit = circuit;
        this.resumer = protectionScheduler;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (circuit.firstCheck().isDone()) {
            refuseIfOpen(exchange);
            callback.done(true);
            return true;
        }
        circuit.firstCheck().whenCompleteAsync((ignored, failure) -> {
            refuseIfOpen(exchange);
            callback.done(false);
        }, resumer);
        return false;
    }

    private void refuseIfOpen(Exchange exchange) {
        circuit.refusal().ifPresent(exchange::setException);
    }
}
