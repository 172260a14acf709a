package io.smsgateway.protection;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.protection.balance.BalanceCircuit;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Ports;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
        // the first check reads an empty balance, slowly: it is under way while the send arrives,
        // even on a loaded machine where the send comes seconds after the service started
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("0.00").withFixedDelay(6000)));

        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SmsGatewayApplication.class)
                .run(TwilioStub.serviceArguments(
                        "--server.port=0",
                        "--TWILIO_EMPTY_BALANCE_CHECK=true",
                        "--BALANCE_CHECK_INTERVAL=1m"))) {
            int port = Ports.of(service);
            BalanceCircuit circuit = service.getBean(BalanceCircuit.class);
            CamelContext camel = service.getBean(CamelContext.class);

            CompletableFuture<HttpResponse<String>> send = new SendClient(port)
                    .postAsync("/send", SendClient.json("ACME", Numbers.unique(), "hi"), "application/json");

            // the send is in the pipeline, and the first check has no outcome yet
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    camel.getInflightRepository().size("send-pipeline") == 1 && !circuit.firstChecksDone());
            assertThat(send).as("waiting for the first check, unanswered").isNotDone();
            HttpResponse<String> answer = send.join();

            assertThat(circuit.firstChecksDone()).isTrue();
            assertThat(answer.statusCode()).isEqualTo(503);
            // the check's outcome; answered before it, the send would read "cannot be checked"
            assertThat(SendClient.body(answer).get("message").asText())
                    .isEqualTo("the provider balance is exhausted: sends are paused");
            assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        }
    }
}
