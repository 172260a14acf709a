package io.smsgateway.ingest;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jms.core.JmsTemplate;

/**
 * The service stops with messages still on the queue of its embedded broker and starts again on the
 * same journal: every message is delivered, each once.
 */
class JmsIngestRestartTest {

    private final Path journal = Folders.create("broker-restart-");
    private final int brokerPort = Brokers.freePort();

    @Test
    void deliversWhatWasLeftOnTheQueueAfterARestart() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(200)));
        List<String> numbers = IntStream.range(0, 12).mapToObj(i -> Numbers.unique()).toList();

        try (ConfigurableApplicationContext first = start()) {
            JmsTemplate producer = Brokers.producer(brokerPort);
            numbers.forEach(number -> producer.convertAndSend("sms.send", SendClient.json("ACME", number, "hi")));
            await().atMost(Duration.ofSeconds(20)).until(() -> SERVER.findAll(TwilioStub.sends()).size() >= 3);
        }
        int beforeRestart = SERVER.findAll(TwilioStub.sends()).size();
        assertThat(beforeRestart).as("stopped with messages left on the queue").isLessThan(numbers.size());

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.findAll(TwilioStub.sends()).size() >= numbers.size());
        }

        Map<String, Long> sendsPerNumber = SERVER.findAll(TwilioStub.sends()).stream()
                .collect(Collectors.groupingBy(request -> request.formParameters().get("To").firstValue(), Collectors.counting()));
        assertThat(sendsPerNumber).containsOnlyKeys(numbers);
        assertThat(sendsPerNumber.values()).as("each number once").allMatch(count -> count == 1);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--RATE_LIMIT_MAX_REQUESTS=1000000",
                "--SMS_TEST_BROKER_PERSISTENT=true",
                "--SMS_BROKER_DATA_DIR=" + journal,
                "--SMS_BROKER_LISTEN=tcp://127.0.0.1:" + brokerPort,
                "--SMS_QUEUE_CONCURRENCY=1"));
    }
}
