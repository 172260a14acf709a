package io.smsgateway.support;

import io.smsgateway.SmsGatewayApplication;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The real service, its real route files, Twilio as the provider, answered by the WireMock stub.
 * Test classes extending it share one Spring context; they send to {@link Numbers#unique()} receivers
 * unless a number is the point, so that the per-number delay holds none of them.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "PROVIDER_TIMEOUT=3s",
                // the rate limit has tests of its own; here it must not refuse the others' sends
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                // status forwarding on, its SSRF guard as in production (no http, no private targets)
                "SMS_CALLBACK_SECRET=twilio-service-test-callback-secret"
        })
public abstract class TwilioServiceTest extends StubbedProviderTest {
}
