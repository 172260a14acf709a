package io.smsgateway.protection;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With the balance check on, the first check completes before any send is served: a send arriving
 * while it is under way waits for its outcome.
 */
class BalanceFirstCheckTest {

    @Test
    void aSendArrivingBeforeTheFirstCheckEndsWaitsForItsOutcome() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        // the first check reads an empty balance, slowly
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00").withFixedDelay(2000)));

        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SmsGatewayApplication.class)
                .run(TwilioStub.serviceArguments(
                        "--server.port=0",
                        "--TWILIO_EMPTY_BALANCE_CHECK=true",
                        "--BALANCE_CHECK_INTERVAL=1m"))) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            long started = System.nanoTime();

            HttpResponse<String> answer = new SendClient(port).send("ACME", Numbers.unique(), "hi");

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(SendClient.body(answer).get("message").asText())
                    .isEqualTo("the provider balance is exhausted: sends are paused");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the check under way")
                    .isGreaterThan(Duration.ofMillis(500));
            assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        }
    }
}
