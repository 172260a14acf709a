package io.smsgateway.ingest;

import java.util.concurrent.ExecutorService;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.server.config.JMSConfiguration;
import org.apache.activemq.artemis.jms.server.config.JMSQueueConfiguration;
import org.apache.activemq.artemis.jms.server.config.TopicConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
     * Spring Boot's embedded broker, which steps back for this one: the same configuration and queues
     * (spring.artemis.embedded.*, as Spring Boot declares them), started in the background.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "spring.artemis.embedded.enabled", havingValue = "true", matchIfMissing = true)
    BackgroundBroker embeddedActiveMq(org.apache.activemq.artemis.core.config.Configuration configuration,
                                      JMSConfiguration jms, ObjectProvider<ArtemisConfigurationCustomizer> customizers) {
        for (JMSQueueConfiguration queue : jms.getQueueConfigurations()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue.getName())
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(queue.getName()).setAddress(queue.getName())
                            .setFilterString(queue.getSelector()).setDurable(queue.isDurable())
                            .setRoutingType(RoutingType.ANYCAST)));
        }
        for (TopicConfiguration topic : jms.getTopicConfigurations()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(topic.getName())
                    .addRoutingType(RoutingType.MULTICAST));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(configuration));
        BackgroundBroker broker = new BackgroundBroker();
        broker.setConfiguration(configuration);
        return broker;
    }

    /**
     * Camel, and with it the queue's consumers, starts once the embedded broker is up: after the
     * routes are loaded, the last moment before anything connects.
     */
    @Bean
    CamelContextConfiguration brokerBeforeCamel(ObjectProvider<BackgroundBroker> broker) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                broker.ifAvailable(BackgroundBroker::awaitStarted);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
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
