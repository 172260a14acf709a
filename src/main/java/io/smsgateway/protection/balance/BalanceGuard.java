package io.smsgateway.protection.balance;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.smsgateway.message.Providers;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * Stands before the provider chosen for a send: while its balance circuit is open the send is
 * answered 503 and never reaches it, also one that was held by the delay when the circuit opened.
 * Sends that arrive before the provider's first balance check has an outcome wait for it, without a
 * thread.
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
        String provider = exchange.getProperty(Providers.PROPERTY, String.class);
        CompletableFuture<Void> firstCheck = circuit.firstCheck(provider);
        if (firstCheck.isDone()) {
            refuseIfOpen(exchange, provider);
            callback.done(true);
            return true;
        }
        firstCheck.whenCompleteAsync((ignored, failure) -> {
            refuseIfOpen(exchange, provider);
            callback.done(false);
        }, resumer);
        return false;
    }

    private void refuseIfOpen(Exchange exchange, String provider) {
        circuit.refusal(provider).ifPresent(exchange::setException);
    }
}
