package io.smsgateway.web;

import java.util.Map;

import io.smsgateway.protection.DelayProperties;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.send.ErrorBody;
import io.smsgateway.send.SendProperties;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    private static final long SLACK_MILLIS = 10_000;

    private final ProviderProperties provider;
    private final DelayProperties delay;

    WebConfiguration(ProviderProperties provider, DelayProperties delay) {
        this.provider = provider;
        this.delay = delay;
    }

    /**
     * Replaces camel-platform-http-starter's engine, which is {@code @ConditionalOnMissingBean}. A
     * request stays open while its exchange is held or waits for the provider, so its timeout must
     * outlive the longest legitimate wait: a hold, then the first balance check and the send itself,
     * each a provider call at most.
     */
    @Bean("platform-http-engine")
    PlatformHttpEngine nonBlockingPlatformHttpEngine(@Value("${server.port}") int port) {
        long providerCall = provider.connectTimeoutMillis() + provider.timeoutMillis();
        return new NonBlockingPlatformHttpEngine(port, delay.maxWaitMillis() + 2 * providerCall + SLACK_MILLIS);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(SendProperties send) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(send.maxBodyBytes()));
        registration.addUrlPatterns("/send");
        return registration;
    }

    /** Errors raised by the container or Spring MVC (404, 405, 413, 415) keep the service's error shape. */
    @Bean
    ErrorAttributes errorAttributes() {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
                Integer status = (Integer) request.getAttribute("jakarta.servlet.error.status_code",
                        RequestAttributes.SCOPE_REQUEST);
                int code = status != null ? status : 500;
                Object message = request.getAttribute("jakarta.servlet.error.message", RequestAttributes.SCOPE_REQUEST);
                String text = ourMessage(code);
                if (text == null) {
                    text = message instanceof String s && !s.isBlank() ? s : ErrorBody.reasonPhrase(code);
                }
                return ErrorBody.of(code, text);
            }
        };
    }

    /** Our words for the statuses Spring MVC raises, whose own messages describe its internals. */
    private static String ourMessage(int status) {
        return switch (status) {
            case 404 -> "no such path";
            case 405 -> "method not allowed: /send takes POST";
            case 406 -> "this service answers application/json";
            case 415 -> "Content-Type must be application/json";
            default -> null;
        };
    }
}
