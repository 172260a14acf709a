package io.smsgateway.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * routes/jms-ingest.camel.yaml with the real embedded Artemis broker, produced to over its loopback
 * acceptor: Artemis's own JMS client (CORE), a real AMQP 1.0 client (Qpid JMS), and STOMP frames.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_TEST_BROKER_PERSISTENT=true",
                "SMS_QUEUE_REDELIVERY_DELAY=200ms",
                "SMS_QUEUE_MAX_REDELIVERY_DELAY=1s",
                // the provider down for a while must reach the redelivery, not the health circuit
                // (ProviderCircuitTest's business), which would hold the retries for its open time
                "PROVIDER_CIRCUIT_MINIMUM_CALLS=1000"
        })
@DirtiesContext
class JmsIngestRouteTest extends StubbedProviderTest {

    private static final int BROKER_PORT = Brokers.freePort();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JmsTemplate producer = Brokers.producer(BROKER_PORT);

    @Autowired
    MeterRegistry meters;

    @Autowired
    ConnectionFactory serviceConnections;

    @Autowired
    EmbeddedActiveMQ broker;

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
    void redeliversWhileTheProviderRefusesOurPaceAndDeliversEachExactlyOnceAfter() {
        // a refusal that certainly sent nothing frees the message's idempotency key for the redelivery
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(429, 20429, "Too Many Requests")));
        List<String> numbers = IntStream.range(0, 5).mapToObj(i -> Numbers.unique()).toList();
        double delivered = delivered();

        numbers.forEach(number -> producer.convertAndSend("sms.send", SendClient.json("ACME", number, "retry me")));
        // every message refused at least twice: rolled back and redelivered
        await().atMost(Duration.ofSeconds(20)).until(() -> numbers.stream().allMatch(number ->
                SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).size() >= 2));
        // the provider recovers: the newest stub wins
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        // counted once committed, which follows the provider's answer
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered() >= delivered + 5);
        assertThat(numbers).allSatisfy(number -> assertThat(accepted(number)).as("accepted for %s", number).isEqualTo(1));
        assertThat(meters.get("sms.ingested").tag("source", "jms").tag("outcome", "delivered").counter().count())
                .as("each committed once, so never delivered again").isEqualTo(delivered + 5);
        assertThat(queued("sms.send.DLQ")).isZero();
    }

    @Test
    void neverDeserializesAnObjectMessageAndDeadLettersItWithTheReason() throws Exception {
        int deserialized = Tripwire.READ.get();

        producer.send("sms.send", session -> session.createObjectMessage(new Tripwire()));
        Message dead = producer.receive("sms.send.DLQ");

        assertThat(Tripwire.READ.get()).as("deserializations by the service").isEqualTo(deserialized);
        assertThat(dead).isNotNull();
        assertThat(dead.getIntProperty("SmsFailureStatus")).isEqualTo(415);
        assertThat(dead.getStringProperty("SmsFailureError")).isEqualTo("Unsupported Media Type");
        assertThat(dead.getStringProperty("SmsFailureMessage"))
                .isEqualTo("the message must be a TextMessage, or a BytesMessage in UTF-8 (got an ObjectMessage, not read)");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void deadLettersAnObjectMessageOfAClassTheServiceLacksOnceAndForAll() throws Exception {
        byte[] absentClass = serialized(new Tripwire(), "Tripwire", "Tripwirx");
        double dead = count("dead");

        Brokers.sendSerialized(BROKER_PORT, "sms.send", absentClass);
        Message refused = producer.receive("sms.send.DLQ");

        assertThat(refused).as("dead-lettered, not redelivered for ever").isNotNull();
        assertThat(refused.getIntProperty("SmsFailureStatus")).isEqualTo(415);
        assertThat(count("dead")).isEqualTo(dead + 1);
        assertThat(queued("sms.send")).as("committed: nothing left to redeliver").isZero();
    }

    @Test
    void readsABytesMessageAsUtf8() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();
        byte[] json = SendClient.json("ACME", number, "Grüße, 你好").getBytes(StandardCharsets.UTF_8);

        Message reply = producer.sendAndReceive("sms.send", session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(json);
            return message;
        });

        assertThat(reply.getIntProperty("SmsStatus")).isEqualTo(200);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)).withFormParam("Body", equalTo("Grüße, 你好"))))
                .hasSize(1);
    }

    @Test
    void deadLettersABytesMessageThatIsNotUtf8WithItsBytes() throws Exception {
        // ISO-8859-1's é, one byte where UTF-8 has two: a lenient decoder would send U+FFFD instead
        byte[] latin1 = SendClient.json("ACME", Numbers.unique(), "café").getBytes(StandardCharsets.ISO_8859_1);

        producer.send("sms.send", session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(latin1);
            return message;
        });
        Message dead = producer.receive("sms.send.DLQ");

        assertThat(dead).isInstanceOf(BytesMessage.class);
        assertThat(dead.getIntProperty("SmsFailureStatus")).isEqualTo(400);
        assertThat(dead.getStringProperty("SmsFailureMessage")).isEqualTo("the message body is not valid UTF-8");
        byte[] kept = new byte[(int) ((BytesMessage) dead).getBodyLength()];
        ((BytesMessage) dead).readBytes(kept);
        assertThat(kept).isEqualTo(latin1);
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void theServiceConnectionFactoryDeserializesNoClass() throws Exception {
        int deserialized = Tripwire.READ.get();
        producer.send("test.objects", session -> session.createObjectMessage(new Tripwire()));

        JmsTemplate service = new JmsTemplate(serviceConnections);
        service.setReceiveTimeout(15_000);
        Message received = service.receive("test.objects");

        assertThat(received).isInstanceOf(ObjectMessage.class);
        assertThatThrownBy(((ObjectMessage) received)::getObject).isInstanceOf(JMSException.class);
        assertThat(Tripwire.READ.get()).isEqualTo(deserialized);
    }

    @Test
    void neverSendsAgainARedeliveryAfterAnUncertainOutcome() throws Exception {
        // a 5xx to a written request: the message may have gone out
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(500, 20500, "Internal Server Error")));
        String number = Numbers.unique();
        String json = SendClient.json("ACME", number, "once at most");

        producer.send("sms.send", session -> {
            TextMessage message = session.createTextMessage(json);
            message.setStringProperty("SmsIdempotencyKey", "order-" + number);
            return message;
        });
        // rolled back once (502, refused for now), redelivered: the first try's answer, dead-lettered unsent
        Message dead = producer.receive("sms.send.DLQ");

        assertThat(dead).isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo(json);
        assertThat(dead.getIntProperty("SmsFailureStatus")).isEqualTo(502);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(1);

        // another message with the key and body later: the same answer, still unsent
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        producer.send("sms.send", session -> {
            TextMessage message = session.createTextMessage(json);
            message.setStringProperty("SmsIdempotencyKey", "order-" + number);
            return message;
        });
        Message again = producer.receive("sms.send.DLQ");
        assertThat(again).isNotNull();
        assertThat(again.getIntProperty("SmsFailureStatus")).isEqualTo(502);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(1);
    }

    @Test
    void sendsOnceWhenTheReplyCannotBeSent() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();
        double delivered = delivered();

        // a reply destination the service cannot send to: a topic on an address that only has a queue
        producer.convertAndSend("test.anycast.only", "makes the address, anycast");
        producer.execute(session -> {
            TextMessage request = session.createTextMessage(SendClient.json("ACME", number, "reply undeliverable"));
            request.setJMSReplyTo(session.createTopic("test.anycast.only"));
            session.createProducer(session.createQueue("sms.send")).send(request);
            return null;
        }, true);

        // sent, and committed: nothing left on the queue, not even a delivery scheduled again
        await().atMost(Duration.ofSeconds(20)).until(() ->
                !SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).isEmpty() && messagesOn("sms.send") == 0);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(1);
        assertThat(delivered()).isEqualTo(delivered + 1);
        assertThat(queued("sms.send.DLQ")).isZero();
    }

    @Test
    void repliesToAnAmqpProducer() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();
        JmsTemplate amqp = new JmsTemplate(new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT));
        amqp.setReceiveTimeout(15_000);

        Message reply = amqp.sendAndReceive("sms.send", session -> session.createTextMessage(SendClient.json("ACME", number, "over AMQP")));

        assertThat(reply).as("a reply within 15 s").isInstanceOf(TextMessage.class);
        assertThat(JSON.readTree(((TextMessage) reply).getText()).get("sid").asText()).isEqualTo(TwilioStub.SID);
        assertThat(reply.getIntProperty("SmsStatus")).isEqualTo(200);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(1);
    }

    @Test
    void repliesToAStompProducer() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();
        String replies = "test.stomp.replies." + number.substring(1);
        byte[] json = SendClient.json("ACME", number, "über STOMP").getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket("127.0.0.1", BROKER_PORT)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            frame(out, "CONNECT\naccept-version:1.2\nhost:localhost\n\n", new byte[0]);
            assertThat(readFrame(in)).startsWith("CONNECTED");
            frame(out, "SUBSCRIBE\nid:0\ndestination:" + replies + "\nsubscription-type:ANYCAST\nack:auto\nreceipt:subscribed\n\n",
                    new byte[0]);
            assertThat(readFrame(in)).startsWith("RECEIPT");
            // with content-length, a BytesMessage for the service: its UTF-8 is read as such
            // reply-to as JMS names an Artemis queue, queue://<address> (a colon is \c in a STOMP 1.2 header);
            // the subscription above is on the address itself
            frame(out, "SEND\ndestination:sms.send\ndestination-type:ANYCAST\nreply-to:queue\\c//" + replies
                    + "\ncontent-type:application/json\ncontent-length:" + json.length + "\n\n", json);

            String reply = readFrame(in);

            assertThat(reply).startsWith("MESSAGE").contains("\nSmsStatus:200\n").contains("\"sid\":\"" + TwilioStub.SID + "\"");
        }
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)).withFormParam("Body", equalTo("über STOMP"))))
                .hasSize(1);
    }

    private static void frame(OutputStream out, String head, byte[] body) throws IOException {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.write(0);
        out.flush();
    }

    /** One STOMP frame, up to its NUL, skipping heart-beat line ends before it. */
    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new IOException("the broker closed the connection: " + frame.toString(StandardCharsets.UTF_8));
            }
            if (frame.size() > 0 || (b != '\n' && b != '\r')) {
                frame.write(b);
            }
        }
        return frame.toString(StandardCharsets.UTF_8);
    }

    private double delivered() {
        return count("delivered");
    }

    private double count(String outcome) {
        var counter = meters.find("sms.ingested").tag("source", "jms").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The serialized form of {@code object} with its class renamed: a class that exists nowhere. */
    private static byte[] serialized(Serializable object, String name, String renamed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        byte[] stream = bytes.toByteArray();
        byte[] from = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + from.length <= stream.length; i++) {
            if (Arrays.equals(stream, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(renamed.getBytes(StandardCharsets.UTF_8), 0, stream, i, from.length);
                return stream;
            }
        }
        throw new IllegalStateException(name + " not in the stream");
    }

    /** Counts its own deserializations: code a producer's object runs wherever it is read. */
    static final class Tripwire implements Serializable {

        private static final long serialVersionUID = 1L;
        static final AtomicInteger READ = new AtomicInteger();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READ.incrementAndGet();
        }
    }

    /** Sends the provider accepted (201) for the number. */
    private static long accepted(String number) {
        return SERVER.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() == 201)
                .filter(event -> event.getRequest().formParameters().get("To").firstValue().equals(number))
                .count();
    }

    /** Every message of the queue the broker holds: waiting, being delivered, or scheduled for redelivery. */
    private long messagesOn(String queue) {
        return broker.getActiveMQServer().locateQueue(queue).getMessageCount();
    }

    private int queued(String queue) {
        return producer.browse(queue, (session, browser) -> Collections.list(browser.getEnumeration()).size());
    }
}
