package io.smsgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

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

    public static JmsTemplate producer(int port) {
        JmsTemplate jms = new JmsTemplate(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port));
        jms.setReceiveTimeout(15_000);
        return jms;
    }
}
