package io.smsgateway.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * The route ids the route folder must produce. A wrong include pattern loads nothing and fails
 * silently; these checks make it fail loudly.
 */
public final class ExpectedRoutes {

    /** Routes of every configuration. */
    public static final Set<String> COMMON = Set.of(
            "send-api", "send-pipeline", "fraud-shield", "fraud-feedback", "provider-dispatch", "verification-api",
            "message-status-api", "message-lookup-api", "status-forward", "balance-check", "balance-read", "balance-suspended", "file-ingest",
            "file-message", "jms-ingest", "ops-healthz", "ops-ready", "ops-check-up", "ops-metrics", "documentation-api");

    private ExpectedRoutes() {
    }

    public static Set<String> with(String... providerRoutes) {
        Set<String> all = new TreeSet<>(COMMON);
        all.addAll(Set.of(providerRoutes));
        return all;
    }

    public static Set<String> loaded(CamelContext camel) {
        return camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toCollection(TreeSet::new));
    }
}
