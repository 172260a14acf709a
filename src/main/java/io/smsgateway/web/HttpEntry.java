package io.smsgateway.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.smsgateway.message.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The HTTP server of the API and the probes, on Vert.x: no thread per connection, so slow or idle
 * clients hold none. The routes' {@code platform-http} consumers attach to its router; before them
 * stand what every request meets whatever the route: a deadline for the body (408), a path without
 * NUL or control characters (400), the body limit (413, declared or streamed), and the error shape
 * for every answer the server gives itself. On SIGTERM it refuses new requests (503) while those
 * under way finish, up to SHUTDOWN_TIMEOUT.
 */
class HttpEntry implements CamelContextConfiguration, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEntry.class);
    private static final String BODY_DEADLINE = "smsBodyDeadline";
    // round one served these Actuator paths; they answer as the Mia-Platform paths do
    private static final Map<String, String> ALIASES = Map.of(
            "/actuator/health/liveness", "/-/healthz",
            "/actuator/health/readiness", "/-/ready",
            "/actuator/health/checkup", "/-/check-up",
            "/actuator/prometheus", "/-/metrics");

    private final Vertx vertx;
    private final HttpProperties properties;
    private final ConfigurableEnvironment environment;
    private final long drainMillis;
    private final AtomicInteger underWay = new AtomicInteger();
    private volatile boolean draining;
    private final Router root;
    private HttpServer server;

    HttpEntry(Vertx vertx, HttpProperties properties, ConfigurableEnvironment environment, long drainMillis) {
        this.vertx = vertx;
        this.properties = properties;
        this.environment = environment;
        this.drainMillis = drainMillis;
        this.root = Router.router(vertx);
        HttpErrors errors = new HttpErrors(root, properties.maxBodyBytes());
        root.route().handler(this::admit);
        ALIASES.forEach((alias, path) -> root.get(alias).handler(context -> context.reroute(path)));
        for (int status : List.of(400, 404, 405, 406, 408, 413, 415, 500)) {
            root.errorHandler(status, context -> errors.answer(context, status));
        }
    }

    /** Runs after the body is read on every route: the body arrived in time. */
    static Handler<RoutingContext> bodyArrived() {
        return context -> {
            Long deadline = context.get(BODY_DEADLINE);
            if (deadline != null) {
                context.vertx().cancelTimer(deadline);
            }
            context.next();
        };
    }

    /** The routes' consumers find the router by name when Camel starts them. */
    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // a route's consumes= is answered 415 for other content types
        camel.getComponent("platform-http", PlatformHttpComponent.class).setServerRequestValidation(true);
        int maxBodyBytes = properties.maxBodyBytes();
        VertxPlatformHttpRouter router = new VertxPlatformHttpRouter(null, vertx, root,
                VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO, VertxPlatformHttpRouter.SERVER_TYPE_SERVER) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
                return context -> {
                    context.request().resume();
                    body.handle(context);
                };
            }
        };
        camel.getRegistry().bind(router.getName(), router);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
    }

    /** Listens as the context starts; a path whose route has not started yet is answered 404 meanwhile. */
    @Override
    public void start() {
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout((int) properties.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(8192)
                .setMaxInitialLineLength(4096);
        server = vertx.createHttpServer(options)
                .requestHandler(root)
                .invalidRequestHandler(HttpErrors::invalid)
                .listen(properties.port(), properties.address())
                .toCompletionStage().toCompletableFuture().join();
        // where tests and tools read the port, as with Spring's own web servers
        environment.getPropertySources().addFirst(new MapPropertySource("server.ports",
                Map.of("local.server.port", server.actualPort())));
        LOG.info("HTTP server listening on {}:{}", properties.address(), server.actualPort());
    }

    /** Every request: refused while shutting down, counted while under way, its body due by a deadline. */
    private void admit(RoutingContext context) {
        if (draining) {
            context.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").putHeader("Retry-After", "1")
                    .end(Buffer.buffer(Json.encode(ErrorBody.of(503, "the service is shutting down: retry"))));
            return;
        }
        if (hasForbiddenCharacters(context.request().path())) {
            context.fail(400);
            return;
        }
        underWay.incrementAndGet();
        long deadline = vertx.setTimer(properties.bodyTimeout().toMillis(), fired -> {
            if (!context.request().isEnded() && !context.response().ended()) {
                context.fail(408);
            }
        });
        context.put(BODY_DEADLINE, deadline);
        context.addEndHandler(ended -> {
            vertx.cancelTimer(deadline);
            underWay.decrementAndGet();
        });
        context.next();
    }

    private static boolean hasForbiddenCharacters(String path) {
        return path == null || path.contains("%00") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** SIGTERM: new requests are refused; those under way finish, up to SHUTDOWN_TIMEOUT; then the server closes. */
    @Override
    public void stop(Runnable callback) {
        draining = true;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
        closeOnceDrained(until, callback);
    }

    private void closeOnceDrained(long until, Runnable callback) {
        if (underWay.get() > 0 && System.nanoTime() < until) {
            vertx.setTimer(20, tick -> closeOnceDrained(until, callback));
        } else if (server == null) {
            callback.run();
        } else {
            server.close().onComplete(closed -> callback.run());
        }
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return server != null && !draining;
    }

    /** With the web servers' graceful shutdown: after the delay has answered its held sends, before Camel stops. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
    }
}
