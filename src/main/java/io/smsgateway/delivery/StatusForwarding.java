package io.smsgateway.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Forwards a message's status changes to the statusCallback its send named: a JSON POST
 * {@code {sid, status, errorCode, at, provider}}, signed with HMAC-SHA256 (SMS_CALLBACK_SECRET) in
 * {@code X-Sms-Signature: sha256=<hex of HMAC(secret, timestamp + "." + body)>} beside
 * {@code X-Sms-Timestamp}. {@link #forward} starts the delivery and returns at once; the attempts
 * run on Vert.x's event loop (no thread held while a receiver is waited for), retried with
 * exponential backoff on a timer after a connection failure, a timeout, a 5xx or a 429; a 2xx ends
 * it, any other answer too (failed). Before each attempt the host is resolved and checked again
 * (SSRF, {@link CallbackTargets}) on a small worker pool, and the connection goes to the very
 * address that passed — the URL's host still named in the Host header and in TLS (SNI, certificate
 * check) — so a name that changes its answer between check and call (DNS rebinding) reaches nothing
 * private. At most SMS_CALLBACK_MAX_PENDING deliveries are in flight or waiting; beyond, a change
 * is dropped (WARN). Outcomes are counted as {@code sms_status_forwards_total{outcome}}.
 */
@Component("statusForwarding")
public class StatusForwarding {

    private static final Logger LOG = LoggerFactory.getLogger(StatusForwarding.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String TIMESTAMP_HEADER = "X-Sms-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Sms-Signature";

    private final ForwardingProperties properties;
    private final CallbackTargets targets;
    private final Vertx vertx;
    private final Clock clock;
    private final HttpClient client;
    private final WorkerExecutor resolvers;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;

    @Autowired
    StatusForwarding(ForwardingProperties properties, Vertx vertx, MeterRegistry meters, Clock clock) {
        this(properties, new CallbackTargets(properties.allowHttp(), properties.allowPrivate()), vertx, meters, clock);
    }

    StatusForwarding(ForwardingProperties properties, CallbackTargets targets, Vertx vertx, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.targets = targets;
        this.vertx = vertx;
        this.clock = clock;
        int timeout = Math.toIntExact(properties.timeout().toMillis());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(timeout)
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(false)
                .setMaxPoolSize(Math.min(properties.maxPending(), 256)));
        this.resolvers = vertx.createSharedWorkerExecutor("status-forwarding-dns", 4);
        this.delivered = outcome(meters, "delivered");
        this.failed = outcome(meters, "failed");
        this.dropped = outcome(meters, "dropped");
        Gauge.builder("sms.status.forwards.pending", pending, AtomicInteger::get)
                .description("Status forwards in flight or waiting for a retry (at most SMS_CALLBACK_MAX_PENDING)")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("sms.status.forwards")
                .description("Status changes forwarded to a send's statusCallback, by outcome: delivered (a 2xx), "
                        + "failed (refused, a 4xx, or every attempt spent) or dropped (too many pending, or forwarding off)")
                .tag("outcome", outcome).register(meters);
    }

    /** The route's step: the change the exchange carries, if any, on its way; returns at once. */
    public void forward(Exchange exchange) {
        StatusForward change = exchange.getProperty(StatusForward.PROPERTY, StatusForward.class);
        if (change != null) {
            forward(change);
        }
    }

    void forward(StatusForward change) {
        if (!properties.enabled()) {
            dropped.increment();
            LOG.warn("a status change of {} is not forwarded to {}: SMS_CALLBACK_SECRET is unset", change.sid(),
                    CallbackTargets.loggable(change.url()));
            return;
        }
        if (pending.incrementAndGet() > properties.maxPending()) {
            pending.decrementAndGet();
            dropped.increment();
            LOG.warn("a status change of {} is not forwarded to {}: {} forwards pending already (SMS_CALLBACK_MAX_PENDING)",
                    change.sid(), CallbackTargets.loggable(change.url()), properties.maxPending());
            return;
        }
        String body;
        try {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sid", change.sid());
            json.put("status", change.status());
            json.put("errorCode", change.errorCode());
            json.put("at", change.at().toString());
            json.put("provider", change.provider());
            body = JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            finish(change, failed, "it could not be written: " + e.getOriginalMessage());
            return;
        }
        attempt(change, body, 1);
    }

    private void attempt(StatusForward change, String body, int attempt) {
        URI uri;
        try {
            uri = targets.parse(change.url());
        } catch (CallbackTargets.Refused e) {
            finish(change, failed, "the URL " + e.getMessage());
            return;
        }
        Future<List<InetAddress>> checked = resolvers.executeBlocking(() -> targets.addresses(uri), false);
        checked.onComplete(resolved -> {
            if (resolved.failed()) {
                if (resolved.cause() instanceof CallbackTargets.Refused refused && refused.getMessage().contains("resolve")) {
                    retryOrFail(change, body, attempt, "its host does not resolve");
                } else {
                    finish(change, failed, "the URL " + resolved.cause().getMessage());
                }
                return;
            }
            send(change, body, attempt, uri, resolved.result().get(0));
        });
    }

    private void send(StatusForward change, String body, int attempt, URI uri, InetAddress address) {
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timestamp = clock.instant().getEpochSecond();
        long timeout = properties.timeout().toMillis();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(path)
                // the connection goes to the address checked, not to whatever the name resolves to next:
                // the address stripped of its name, so nothing downstream can look the name up again
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(literal(address), port)))
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "sms-gateway status forwarding")
                .putHeader(TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(SIGNATURE_HEADER, "sha256=" + sign(properties.secret(), timestamp, body));
        client.request(request)
                .compose(outgoing -> outgoing.send(Buffer.buffer(body, StandardCharsets.UTF_8.name())))
                .onComplete(answered -> {
                    if (answered.failed()) {
                        retryOrFail(change, body, attempt, "no answer (" + answered.cause().getClass().getSimpleName() + ")");
                        return;
                    }
                    int status = answered.result().statusCode();
                    // the answer's body is not wanted: the connection (never kept alive) goes now
                    answered.result().request().connection().close();
                    if (status >= 200 && status < 300) {
                        finish(change, delivered, null);
                        LOG.debug("status {} of {} forwarded to {} (attempt {})", change.status(), change.sid(),
                                CallbackTargets.loggable(change.url()), attempt);
                    } else if (status >= 500 || status == 429) {
                        retryOrFail(change, body, attempt, "answered " + status);
                    } else {
                        finish(change, failed, "answered " + status);
                    }
                });
    }

    private static InetAddress literal(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always one", e);
        }
    }

    private void retryOrFail(StatusForward change, String body, int attempt, String why) {
        if (attempt >= properties.maxAttempts()) {
            finish(change, failed, why + ", attempt " + attempt + " of " + properties.maxAttempts());
            return;
        }
        Duration wait = properties.delayBefore(attempt + 1);
        LOG.debug("status {} of {} not forwarded to {}: {}; attempt {} in {}", change.status(), change.sid(),
                CallbackTargets.loggable(change.url()), why, attempt + 1, wait);
        vertx.setTimer(Math.max(1, wait.toMillis()), id -> attempt(change, body, attempt + 1));
    }

    private void finish(StatusForward change, Counter outcome, String why) {
        pending.decrementAndGet();
        outcome.increment();
        if (why != null) {
            LOG.warn("status {} of {} not forwarded to {}: {}", change.status(), change.sid(),
                    CallbackTargets.loggable(change.url()), why);
        }
    }

    /** Hex of HMAC-SHA256(secret, timestamp + "." + body): what a receiver computes to check X-Sms-Signature. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deliveries in flight or waiting for a retry. */
    int pending() {
        return pending.get();
    }

    @PreDestroy
    void close() {
        client.close();
        resolvers.close();
    }
}
