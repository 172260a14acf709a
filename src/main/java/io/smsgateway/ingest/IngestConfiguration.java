package io.smsgateway.ingest;

import java.util.concurrent.ExecutorService;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
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

    /**
     * Sends the messages of one file, SMS_INGEST_CONCURRENCY at a time: a delivery hands out no more
     * than that at once, and the splitter's own step, waiting for room, takes one thread more. The
     * queue is bounded all the same, and a task it cannot take runs on the thread that gives it.
     */
    @Bean(destroyMethod = "")
    ExecutorService fileIngestPool(CamelContext camel, IngestProperties ingest) {
        int threads = ingest.concurrency() + 1;
        return camel.getExecutorServiceManager().newThreadPool(this, "file-ingest", new ThreadPoolProfileBuilder("file-ingest")
                .poolSize(threads).maxPoolSize(threads).maxQueueSize(threads)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build());
    }

    /**
     * Health "fileIngest", in readiness: down while file reports cannot be written. Asking checks
     * the outbox again, so readiness comes back without a file in the inbox.
     */
    @Bean
    HealthIndicator fileIngestHealthIndicator(OutboxState outbox) {
        return () -> outbox.writable() ? Health.up().build() : Health.down().withDetail("reports", "cannot be written").build();
    }
}
