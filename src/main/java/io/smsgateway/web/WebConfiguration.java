package io.smsgateway.web;

import java.util.Map;

import io.smsgateway.message.ErrorBody;
import io.smsgateway.protection.delay.DelayProperties;
import io.smsgateway.provider.ProviderProperties;
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
import org.springframework.web.HttpRequestMethodNotSupportedException;
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
        long providerCall = provider.callTimeout().toMillis();
        return new NonBlockingPlatformHttpEngine(port, delay.maxWait().toMillis() + 2 * providerCall + SLACK_MILLIS);
    }

    /** On every path: the limit holds wherever an operator moves the API in the route files. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(SendProperties send) {
        return new FilterRegistrationBean<>(new RequestBodyLimitFilter(send.maxBodyBytes()));
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
                String text = getError(request) instanceof HttpRequestMethodNotSupportedException refused
                        && refused.getSupportedMethods() != null
                        ? "method not allowed: " + request.getAttribute("jakarta.servlet.error.request_uri",
                                RequestAttributes.SCOPE_REQUEST) + " takes " + String.join(", ", refused.getSupportedMethods())
                        : ourMessage(code);
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
            case 405 -> "method not allowed";
            case 406 -> "this service answers application/json";
            case 415 -> "Content-Type must be application/json";
            default -> null;
        };
    }
}
