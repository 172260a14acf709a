package io.smsgateway.ingest;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * No Java object ever comes out of the broker: the Artemis connection factory, embedded broker or
 * SMS_BROKER_URL alike, refuses to deserialize any class (deny list {@code *}), so an
 * ObjectMessage's {@code getObject} fails instead of running code a producer chose. The jms-ingest
 * route never calls it; this holds for whatever else might (a health check, a future route).
 */
final class NoJavaObjects implements BeanPostProcessor {

    static final String EVERY_CLASS = "*";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // Spring Boot's factory is a CachingConnectionFactory around Artemis's, or Artemis's itself
        Object target = bean instanceof SingleConnectionFactory single ? single.getTargetConnectionFactory() : bean;
        if (target instanceof ActiveMQConnectionFactory artemis) {
            artemis.setDeserializationAllowList(null);
            artemis.setDeserializationDenyList(EVERY_CLASS);
        }
        return bean;
    }
}
