package io.smsgateway.provider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** A provider's beans exist only when messages may go through it: no adapter half-configured for nothing. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Conditional(ConditionalOnProvider.InUse.class)
public @interface ConditionalOnProvider {

    /** The provider's name, as SERVICE_PROVIDER gives it. */
    String value();

    class InUse implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnProvider.class.getName());
            String provider = (String) attributes.get("value");
            String primary = context.getEnvironment().getProperty("sms.provider.name", "");
            String secondary = context.getEnvironment().getProperty("sms.provider.secondary", "");
            return primary.trim().toLowerCase(Locale.ROOT).equals(provider) || secondary.trim().toLowerCase(Locale.ROOT).equals(provider);
        }
    }
}
