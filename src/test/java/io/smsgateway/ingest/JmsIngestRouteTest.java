package io.smsgateway.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** routes/jms-ingest.camel.yaml with the real embedded Artemis broker, produced to over its loopback acceptor. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_TEST_BROKER_PERSISTENT=true",
                "SMS_QUEUE_REDELIVERY_DELAY=200ms",
                "SMS_QUEUE_MAX_REDELIVERY_DELAY=1s"
        })
@DirtiesContext
class JmsIngestRouteTest extends StubbedProviderTest {

    private static final int BROKER_PORT = Brokers.freePort();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JmsTemplate producer = Brokers.producer(BROKER_PORT);

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("SMS_BROKER_LISTEN", () -> "tcp://127.0.0.1:" + BROKER_PORT);
        registry.add("SMS_BROKER_DATA_DIR", () -> Folders.create("broker-").toString());
    }

    @Test
    void sendsAQueuedMessageAndRepliesWithTheHttpAnswer() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();

        Message reply = producer.sendAndReceive("sms.send",
                session -> session.createTextMessage(SendClient.json("ACME", number, "queued hello")));

        assertThat(reply).isInstanceOf(TextMessage.class);
        JsonNode answer = JSON.readTree(((TextMessage) reply).getText());
        assertThat(answer.get("sid").asText()).isEqualTo(TwilioStub.SID);
        assertThat(answer.get("numSegments").asText()).isEqualTo("2");
        assertThat(reply.getIntProperty("SmsStatus")).isEqualTo(200);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(1);
    }

    @Test
    void movesAnInvalidMessageToTheDeadLetterQueueWithTheReason() throws Exception {
        String invalid = "{\"sender\":\"ACME\",\"body\":\"no receiver\"}";

        producer.convertAndSend("sms.send", invalid);
        Message dead = producer.receive("sms.send.DLQ");

        assertThat(dead).isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo(invalid);
        assertThat(dead.getIntProperty("SmsFailureStatus")).isEqualTo(400);
        assertThat(dead.getStringProperty("SmsFailureError")).isEqualTo("Bad Request");
        assertThat(dead.getStringProperty("SmsFailureMessage")).isEqualTo("receiver is required");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void redeliversWhileTheProviderIsDownAndDeliversEachExactlyOnceAfter() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(503, 20503, "Service Unavailable")));
        List<String> numbers = IntStream.range(0, 5).mapToObj(i -> Numbers.unique()).toList();
        double delivered = delivered();

        numbers.forEach(number -> producer.convertAndSend("sms.send", SendClient.json("ACME", number, "retry me")));
        // every message refused at least twice: rolled back and redelivered
        await().atMost(Duration.ofSeconds(20)).until(() -> numbers.stream().allMatch(number ->
                SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).size() >= 2));
        // the provider recovers: the newest stub wins
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        await().atMost(Duration.ofSeconds(20)).until(() -> numbers.stream().allMatch(number -> accepted(number) >= 1));
        assertThat(numbers).allSatisfy(number -> assertThat(accepted(number)).as("accepted for %s", number).isEqualTo(1));
        assertThat(meters.get("sms.ingested").tag("source", "jms").tag("outcome", "delivered").counter().count())
                .as("each committed once, so never delivered again").isEqualTo(delivered + 5);
        assertThat(queued("sms.send.DLQ")).isZero();
    }

    private double delivered() {
        var counter = meters.find("sms.ingested").tag("source", "jms").tag("outcome", "delivered").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Sends the provider accepted (201) for the number. */
    private static long accepted(String number) {
        return SERVER.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() == 201)
                .filter(event -> event.getRequest().formParameters().get("To").firstValue().equals(number))
                .count();
    }

    private int queued(String queue) {
        return producer.browse(queue, (session, browser) -> Collections.list(browser.getEnumeration()).size());
    }
}
