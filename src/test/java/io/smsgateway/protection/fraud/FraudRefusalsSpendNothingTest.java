package io.smsgateway.protection.fraud;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The shield stands before the budget: what it refuses spends nothing real users share. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=5",
                "RATE_LIMIT_TIME_WINDOW=10 minutes"
        })
@DirtiesContext
class FraudRefusalsSpendNothingTest extends StubbedProviderTest {

    @Test
    void aHundredPremiumRateSendsLeaveTheWholeBudgetToFiveLegitimateOnes() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        for (int i = 0; i < 100; i++) {
            assertThat(api.send("ACME", "+449098765" + String.format("%03d", i), "Your code is 123456").statusCode()).isEqualTo(403);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "Your code is 123456").statusCode()).as("legitimate send %d", i)
                    .isEqualTo(200);
        }
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(5);
    }
}
