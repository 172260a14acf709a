package io.smsgateway.ops;

import java.time.Clock;

import io.smsgateway.message.Providers;
import io.smsgateway.protection.balance.BalanceCircuit;
import io.smsgateway.provider.ProviderProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What readiness and check-up are made of, beside Spring's availability, Redis ({@code sharedState}) and JMS. */
@Configuration(proxyBeanMethods = false)
class HealthIndicators {

    /** Health "camelRoutes": the Camel context and every route started. */
    @Bean
    HealthIndicator camelRoutesHealthIndicator(CamelContext camel) {
        return () -> {
            if (!camel.getStatus().isStarted()) {
                return Health.down().withDetail("camel", camel.getStatus().name()).build();
            }
            for (Route route : camel.getRoutes()) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
                if (status == null || !status.isStarted()) {
                    return Health.down().withDetail("route", route.getRouteId()).build();
                }
            }
            return Health.up().withDetail("routes", camel.getRoutes().size()).build();
        };
    }

    /** Health "balanceCheck": the first balance check of each checked provider has an outcome. */
    @Bean
    HealthIndicator balanceCheckHealthIndicator(BalanceCircuit circuit) {
        return () -> !circuit.isEnabled() ? Health.up().withDetail("check", "off").build()
                : circuit.firstChecksDone() ? Health.up().build()
                : Health.down().withDetail("check", "first check under way").build();
    }

    /**
     * Health "provider", in check-up only: an authenticated call to each provider (its balance)
     * answers. Off the probes' paths, as it costs a provider call; and kept for SMS_CHECKUP_CACHE,
     * so that callers of /-/check-up, who need no key, cannot make the service call its providers
     * at their pace.
     */
    @Bean
    HealthIndicator providerHealthIndicator(ProviderProperties providers, ProducerTemplate camel, Clock clock,
                                            OpsProperties ops) {
        return new CachedHealth(() -> {
            for (String provider : providers.inUse()) {
                if (provider.equals(Providers.CONSOLE)) {
                    continue;
                }
                Exception failure = camel.send("direct:balance-read",
                        exchange -> exchange.setProperty(Providers.PROPERTY, provider)).getException();
                if (failure != null) {
                    return Health.down().withDetail("provider", provider)
                            .withDetail("error", failure.getClass().getSimpleName()).build();
                }
            }
            return Health.up().build();
        }, ops.checkUpCache(), clock);
    }
}
