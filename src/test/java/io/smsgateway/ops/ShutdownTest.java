package io.smsgateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Ports;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SIGTERM, as the Spring context's close: sends held by the delay are answered at once instead of
 * waiting out their slot, and a queued message that was held goes back to the broker, not lost.
 */
class ShutdownTest {

    private final Path journal = Folders.create("broker-shutdown-");
    private final int brokerPort = Brokers.freePort();

    @Test
    void answersEveryHeldSendAndHandsTheHeldQueuedMessageBackToTheBroker() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        List<String> numbers = IntStream.range(0, 5).mapToObj(i -> Numbers.unique()).toList();
        String queued = Numbers.unique();
        List<CompletableFuture<HttpResponse<String>>> held;
        Gauge heldNow;

        try (ConfigurableApplicationContext service = start()) {
            SendClient api = new SendClient(port(service));
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            heldNow = meters.get("sms.delay.held").gauge();
            // a first send releases at once; the second to the same number waits 30 s
            for (String number : numbers) {
                assertThat(api.send("ACME", number, "first").statusCode()).isEqualTo(200);
            }
            assertThat(api.send("ACME", queued, "first").statusCode()).isEqualTo(200);
            held = numbers.stream()
                    .map(number -> api.postAsync("/send", SendClient.json("ACME", number, "second"), "application/json"))
                    .toList();
            Brokers.producer(brokerPort).convertAndSend("sms.send", SendClient.json("ACME", queued, "queued second"));
            await().atMost(Duration.ofSeconds(10)).until(() -> heldNow.value() == 6);
        }

        // closed with nothing held: all six were answered on the way out, none kept to its slot
        assertThat(heldNow.value()).isZero();

        assertThat(held.stream().map(CompletableFuture::join).toList()).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(SendClient.body(answer).get("message").asText()).isEqualTo("the service is shutting down: retry");
        });
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("Body", equalTo("queued second")))).isEmpty();

        try (ConfigurableApplicationContext restarted = start()) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    SERVER.findAll(TwilioStub.sends().withFormParam("Body", equalTo("queued second"))).size() == 1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--EXPONENTIAL_DELAY_BASE=30s",
                "--EXPONENTIAL_DELAY_MAX_WAIT=30s",
                "--SHUTDOWN_TIMEOUT=5s",
                "--SMS_TEST_BROKER_PERSISTENT=true",
                "--SMS_BROKER_DATA_DIR=" + journal,
                "--SMS_BROKER_LISTEN=tcp://127.0.0.1:" + brokerPort,
                "--SMS_QUEUE_REDELIVERY_DELAY=100ms"));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Ports.of(context);
    }
}
