package io.smsgateway.provider;

import java.util.Set;

import io.smsgateway.message.Providers;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The provider a route chose for a send is one this service is configured for. A branch of
 * send-pipeline's choice naming another (a typo, a provider without its settings) would otherwise
 * reach no route, or the console, and the message would go nowhere while the client heard
 * "queued": it is a failure of the service, logged in full with the provider named.
 */
@Component("providerChoice")
class ProviderChoice {

    private final ProviderProperties providers;
    // read on every send: the set once, not rebuilt per call
    private final Set<String> inUse;

    ProviderChoice(ProviderProperties providers) {
        this.providers = providers;
        this.inUse = providers.inUse();
    }

    public void check(Exchange exchange) {
        String chosen = exchange.getProperty(Providers.PROPERTY, String.class);
        if (chosen == null || !inUse.contains(chosen)) {
            throw new IllegalStateException("the route chose provider '" + chosen + "', which is not configured: SERVICE_PROVIDER is '"
                    + providers.name() + "', SMS_SECONDARY_PROVIDER '" + providers.failover().orElse("none") + "'");
        }
    }
}
