package io.smsgateway.ingest;

import java.util.concurrent.ExecutorService;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    /** The {@code jms} component of the route files, on Spring Boot's Artemis connection factory. */
    @Bean("jms")
    JmsComponent jmsComponent(ConnectionFactory connectionFactory) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        return jms;
    }

    /** Static: a post-processor is made before the beans it sees. */
    @Bean
    static NoJavaObjects noJavaObjects() {
        return new NoJavaObjects();
    }

    /**
     * The embedded broker: a loopback TCP acceptor for CORE, AMQP and STOMP when SMS_BROKER_LISTEN is
     * set, and redelivery of rolled-back messages after growing delays, never to a dead-letter address
     * by count — a message refused for now is never dropped.
     */
    @Bean
    ArtemisConfigurationCustomizer smsBroker(QueueProperties queue) {
        return configuration -> {
            if (queue.listen() != null && !queue.listen().isBlank()) {
                try {
                    configuration.addAcceptorConfiguration("loopback", queue.acceptor());
                } catch (Exception e) {
                    throw new IllegalStateException("SMS_BROKER_LISTEN is not an acceptor address: " + queue.listen(), e);
                }
            }
            configuration.addAddressSetting(queue.name(), new AddressSettings()
                    .setRedeliveryDelay(queue.redeliveryDelay().toMillis())
                    .setRedeliveryMultiplier(2)
                    .setMaxRedeliveryDelay(queue.maxRedeliveryDelay().toMillis())
                    .setMaxDeliveryAttempts(-1));
        };
    }

    /** Sends the messages of one file, SMS_INGEST_CONCURRENCY at a time. */
    @Bean(destroyMethod = "")
    ExecutorService fileIngestPool(CamelContext camel, IngestProperties ingest) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "file-ingest", ingest.concurrency());
    }
}
