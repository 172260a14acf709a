package io.smsgateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: the host is resolved and checked before each attempt, and the connection goes to
 * the address that passed, the URL's host still in the Host header. The names here exist only for
 * the test's resolver: a delivery that looked them up again (in Vert.x) would fail.
 */
class StatusForwardingPinningTest {

    private static final String SECRET = "pinning-test-secret-0123456789";

    private final Vertx vertx = Vertx.vertx();
    private final WireMockServer receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        receiver.stop();
        vertx.close();
    }

    private StatusForwarding forwarding(boolean allowPrivate, String name, String address) {
        CallbackTargets.Resolver resolver = host -> {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        };
        ForwardingProperties properties = new ForwardingProperties(SECRET, true, allowPrivate, 2, Duration.ofSeconds(1),
                Duration.ofMillis(50), Duration.ofSeconds(1), 10);
        return new StatusForwarding(properties, new CallbackTargets(true, allowPrivate, resolver), vertx, meters, Clock.systemUTC());
    }

    private double outcome(String outcome) {
        return meters.get("sms.status.forwards").tag("outcome", outcome).counter().count();
    }

    @Test
    void connectsToTheAddressCheckedNamingTheHostInTheHostHeader() {
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        StatusForwarding forwarding = forwarding(true, "hooks.pinned.invalid", "127.0.0.1");

        forwarding.forward(new StatusForward("http://hooks.pinned.invalid:" + receiver.port() + "/hook", "SM1", "delivered",
                null, Instant.now(), "twilio"));

        await().atMost(Duration.ofSeconds(5)).until(() -> outcome("delivered") == 1);
        assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/hook"))).get(0).getHeader("Host"))
                .isEqualTo("hooks.pinned.invalid:" + receiver.port());
        assertThat(forwarding.pending()).isZero();
    }

    @Test
    void aNameThatNowLeadsToAPrivateAddressIsNotCalled() {
        receiver.start();
        StatusForwarding forwarding = forwarding(false, "rebound.invalid", "127.0.0.1");

        forwarding.forward(new StatusForward("http://rebound.invalid:" + receiver.port() + "/hook", "SM2", "delivered",
                null, Instant.now(), "twilio"));

        await().atMost(Duration.ofSeconds(5)).until(() -> outcome("failed") == 1);
        assertThat(receiver.getAllServeEvents()).isEmpty();
        assertThat(forwarding.pending()).isZero();
    }

    @Test
    void beyondTheBoundAChangeIsDroppedAndCounted() {
        StatusForwarding forwarding = forwarding(true, "slow.invalid", "127.0.0.1");
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));

        for (int i = 0; i < 11; i++) {
            forwarding.forward(new StatusForward("http://slow.invalid:" + receiver.port() + "/hook", "SM" + i, "sent",
                    null, Instant.now(), "twilio"));
        }

        assertThat(outcome("dropped")).isEqualTo(1);
        assertThat(forwarding.pending()).isEqualTo(10);
    }
}
