package io.smsgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.jms.core.JmsTemplate;

/** A producer of the tests' own, talking to the service's embedded broker over its loopback acceptor. */
public final class Brokers {

    private Brokers() {
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An ObjectMessage holding exactly these serialized bytes, written with Artemis's core API as its
     * JMS client lays one out (length, then the stream): for a class no JVM here has.
     */
    public static void sendSerialized(int port, String queue, byte[] serialized) {
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession();
             ClientProducer producer = session.createProducer(queue)) {
            ClientMessage message = session.createMessage(Message.OBJECT_TYPE, true);
            message.getBodyBuffer().writeInt(serialized.length);
            message.getBodyBuffer().writeBytes(serialized);
            producer.send(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JmsTemplate producer(int port) {
        JmsTemplate jms = new JmsTemplate(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port));
        jms.setReceiveTimeout(15_000);
        return jms;
    }
}
