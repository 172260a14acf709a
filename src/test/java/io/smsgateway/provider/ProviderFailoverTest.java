package io.smsgateway.provider;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Both providers at once — Twilio first, Kaleyra second — with a route folder whose send pipeline
 * sends India through Kaleyra, as an operator edits it: a send fails over only when Twilio certainly
 * did not take the message, and never carries a refusal of the number to Kaleyra.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "SMS_SECONDARY_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "PROVIDER_TIMEOUT=2s",
                "RATE_LIMIT_MAX_REQUESTS=1000000"
        })
@DirtiesContext
class ProviderFailoverTest extends StubbedProviderTest {

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void routesSendingIndiaThroughKaleyra(DynamicPropertyRegistry registry) {
        registry.add("ROUTES_DIR", () -> routeFolder().toString());
    }

    @BeforeEach
    void bothProvidersAnswer() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
    }

    @Test
    void routesACountryThroughTheProviderTheRouteFileNames() {
        HttpResponse<String> india = api.send("ACME", "+919876501234", "Your code is 123456");
        HttpResponse<String> italy = api.send("ACME", "+393331234567", "Your code is 123456");

        assertThat(SendClient.body(india).get("provider").asText()).isEqualTo("kaleyra");
        assertThat(SendClient.body(italy).get("provider").asText()).isEqualTo("twilio");
        assertThat(SERVER.findAll(KaleyraStub.sends())).hasSize(1);
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
    }

    @ParameterizedTest(name = "Twilio {0} {1}: {2}")
    @CsvSource({
            "429, 20429, throttled",
            "401, 20003, credentials",
            "403, 20003, credentials"})
    void failsOverWhenTwilioRefusesOurCredentialsOrOurPace(int status, int code, String cause) {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(status, code, "refused")));
        double before = failovers(cause);

        HttpResponse<String> answer = api.send("ACME", Numbers.unique(), "Your code is 123456");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(SendClient.body(answer).get("provider").asText()).isEqualTo("kaleyra");
        assertThat(SendClient.body(answer).get("sid").asText()).isEqualTo(KaleyraStub.MESSAGE_ID);
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        assertThat(SERVER.findAll(KaleyraStub.sends())).hasSize(1);
        assertThat(failovers(cause)).isEqualTo(before + 1);
    }

    @Test
    void theMessageTellsTheProviderItFailedOverFromAndIsFoundByTheRequestIdOfItsSend() {
        String messageId = UUID.randomUUID() + ":1";
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(429, 20429, "refused")));
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202, messageId)));

        HttpResponse<String> answer = api.sendJson(SendClient.json("ACME", Numbers.unique(), "Your code is 123456"),
                "x-request-id", "req-failover-1");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode message = SendClient.body(api.get("/messages?requestId=req-failover-1"));
        assertThat(message.get("sid").asText()).isEqualTo(messageId);
        assertThat(message.get("requestId").asText()).isEqualTo("req-failover-1");
        assertThat(message.get("provider").asText()).isEqualTo("kaleyra");
        assertThat(message.get("failedOverFrom").asText()).isEqualTo("twilio");
        assertThat(SendClient.body(api.get("/messages/" + messageId))).isEqualTo(message);
    }

    @Test
    void neverFailsOverAfterATimeoutA5xxOrAConnectionLostOnceTheRequestWasWritten() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(3_000)));
        assertThat(api.send("ACME", Numbers.unique(), "slow").statusCode()).isEqualTo(504);
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(503, 20503, "Service Unavailable")));
        assertThat(api.send("ACME", Numbers.unique(), "down").statusCode()).isEqualTo(502);
        SERVER.stubFor(TwilioStub.send().willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(api.send("ACME", Numbers.unique(), "reset").statusCode()).isEqualTo(502);

        assertThat(SERVER.findAll(KaleyraStub.sends())).as("the message may have gone out: never a second provider").isEmpty();
    }

    @ParameterizedTest(name = "Twilio {0}")
    @CsvSource({
            "21211, Invalid 'To' Phone Number",
            "21614, 'To' number is not a valid mobile number",
            "21408, Permission to send an SMS has not been enabled for the region",
            "30450, Message blocked by SMS Pumping Protection"})
    void neverCarriesARefusalOfTheNumberToTheOtherProvider(int code, String message) {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(400, code, message)));

        HttpResponse<String> answer = api.send("ACME", Numbers.unique(), "Your code is 123456");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(SendClient.body(answer).get("message").asText()).contains(Integer.toString(code));
        assertThat(SERVER.findAll(KaleyraStub.sends())).isEmpty();
    }

    @Test
    void aPumpingRefusalOfTwilioBlocksTheReceiversPrefixInTheShield() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(400, 30450, "Message blocked by SMS Pumping Protection")));
        assertThat(api.send("ACME", "+447400888001", "Your code is 123456").statusCode()).isEqualTo(400);
        SERVER.resetRequests();

        HttpResponse<String> next = api.send("ACME", "+447400888002", "Your code is 123456");

        assertThat(next.statusCode()).isEqualTo(403);
        assertThat(SendClient.body(next).get("message").asText())
                .startsWith("the provider reported pumping traffic to +447400888xxx: blocked until");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        assertThat(SERVER.findAll(KaleyraStub.sends())).isEmpty();
    }

    private double failovers(String cause) {
        Counter counter = meters.find("sms.provider.failovers").tags("from", "twilio", "to", "kaleyra", "cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The shipped routes, with send-pipeline's provider choice sending India through Kaleyra. */
    static Path routeFolder() {
        try {
            Path folder = Files.createTempDirectory("routes-");
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, folder.resolve(file.getFileName()));
                }
            }
            Path pipeline = folder.resolve("send-pipeline.camel.yaml");
            String edited = Files.readString(pipeline).replace("        - choice:\n            otherwise:",
                    "        - choice:\n"
                            + "            when:\n"
                            + "              - simple: \"${exchangeProperty.smsCountry} == 'IN'\"\n"
                            + "                steps:\n"
                            + "                  - setProperty:\n"
                            + "                      name: smsProvider\n"
                            + "                      constant: kaleyra\n"
                            + "            otherwise:");
            assertThat(edited).contains("== 'IN'");
            Files.writeString(pipeline, edited);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
