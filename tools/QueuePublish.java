import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Publishes one message to the gateway's queue and prints the reply, as a back-end would.
 * Usage: java -cp "$(cat target/classpath.txt)" tools/QueuePublish.java tcp://127.0.0.1:61616 sms.send '{json}'
 */
public class QueuePublish {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: QueuePublish <broker-url> <queue> <json>");
            System.exit(2);
        }
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(args[0]);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer producer = session.createProducer(session.createQueue(args[1]));
            TextMessage message = session.createTextMessage(args[2]);
            message.setJMSReplyTo(replies);
            producer.send(message);
            MessageConsumer consumer = session.createConsumer(replies);
            Message reply = consumer.receive(30_000);
            System.out.println(reply instanceof TextMessage text ? text.getText() : "no reply within 30 s");
        }
    }
}
