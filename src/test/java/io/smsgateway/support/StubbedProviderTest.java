package io.smsgateway.support;

import static io.smsgateway.support.ProviderStub.SERVER;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test of the real service whose providers are the WireMock stub. Subclasses declare their
 * {@code @SpringBootTest} with the configuration under test.
 */
@CamelSpringBootTest
public abstract class StubbedProviderTest {

    @LocalServerPort
    protected int port;

    protected SendClient api;

    @DynamicPropertySource
    static void stubbedProviders(DynamicPropertyRegistry registry) {
        registry.add("TWILIO_BASE_URL", ProviderStub::baseUrl);
        registry.add("KALEYRA_BASE_URL", ProviderStub::baseUrl);
    }

    @BeforeEach
    void resetProviderStub() {
        SERVER.resetAll();
        api = new SendClient(port);
    }
}
