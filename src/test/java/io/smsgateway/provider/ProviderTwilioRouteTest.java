package io.smsgateway.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.smsgateway.support.ExpectedRoutes;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** routes/provider-twilio.camel.yaml against a stub that follows Twilio's contract. */
class ProviderTwilioRouteTest extends TwilioServiceTest {

    @Autowired
    CamelContext camel;

    @Test
    void loadsEveryExpectedRoute() {
        assertThat(ExpectedRoutes.loaded(camel))
                .isEqualTo(ExpectedRoutes.with("provider-twilio", "balance-twilio", "callback-twilio"));
    }

    @Test
    void postsTheFormToMessagesJsonWithBasicAuth() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        String receiver = Numbers.unique();
        HttpResponse<String> response = api.send("+15017122661", receiver, "Your code is 123456 & ok");

        assertThat(response.statusCode()).isEqualTo(200);
        var requests = SERVER.findAll(TwilioStub.sends());
        assertThat(requests).hasSize(1);
        var request = requests.get(0);
        assertThat(request.getUrl()).isEqualTo("/2010-04-01/Accounts/" + TwilioStub.ACCOUNT_SID + "/Messages.json");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (TwilioStub.ACCOUNT_SID + ":" + TwilioStub.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.formParameters()).containsOnlyKeys("To", "From", "Body");
        assertThat(request.formParameters().get("To").firstValue()).isEqualTo(receiver);
        assertThat(request.formParameters().get("From").firstValue()).isEqualTo("+15017122661");
        assertThat(request.formParameters().get("Body").firstValue()).isEqualTo("Your code is 123456 & ok");
    }

    @Test
    void sendsUnicodeBodiesIntact() {
        SERVER.stubFor(TwilioStub.send().withFormParam("Body", equalTo("Ciao 👋 €5, Grüße"))
                .willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.send("ACME", Numbers.unique(), "Ciao 👋 €5, Grüße");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(TwilioStub.error(400, 21211, "The 'To' number is not a valid phone number."), 400,
                        "Twilio rejected the message: 21211 The 'To' number is not a valid phone number.", null),
                Arguments.of(TwilioStub.error(400, 21610, "Attempt to send to unsubscribed recipient"), 400,
                        "21610", null),
                Arguments.of(TwilioStub.error(400, 21408, "Permission to send an SMS has not been enabled for the region"),
                        400, "21408", null),
                Arguments.of(TwilioStub.error(401, 20003, "Authenticate"), 502,
                        "Twilio refused the gateway's credentials", null),
                Arguments.of(TwilioStub.error(403, 20403, "Forbidden"), 502, "Twilio refused the gateway's credentials", null),
                Arguments.of(TwilioStub.error(429, 20429, "Too Many Requests").withHeader("Retry-After", "7"), 429,
                        "Twilio is throttling", "7"),
                Arguments.of(TwilioStub.error(429, 20429, "Too Many Requests"), 429, "Twilio is throttling", "1"),
                Arguments.of(TwilioStub.error(500, 20500, "Internal Server Error"), 502, "Twilio answered HTTP 500", null),
                Arguments.of(TwilioStub.error(503, 20503, "Service Unavailable"), 502, "Twilio answered HTTP 503", null),
                Arguments.of(TwilioStub.error(404, 20404, "The requested resource was not found"), 502,
                        "Twilio answered HTTP 404", null),
                Arguments.of(WireMock.aResponse().withStatus(201)
                        .withBody("<html>not json</html>"), 502, "Twilio answered HTTP 201 without a message id", null));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void mapsProviderFailuresAndKeepsServing(ResponseDefinitionBuilder answer,
                                             int status, String message, String retryAfter) {
        SERVER.stubFor(TwilioStub.send().willReturn(answer));

        HttpResponse<String> response = api.send("ACME", Numbers.unique(), "hi");

        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = SendClient.body(response);
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).contains(message).doesNotContain(TwilioStub.AUTH_TOKEN);
        assertThat(response.headers().firstValue("Retry-After").orElse(null)).isEqualTo(retryAfter);
        assertThat(SERVER.findAll(TwilioStub.sends())).as("a send is never retried").hasSize(1);

        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        assertThat(api.send("ACME", Numbers.unique(), "next").statusCode()).isEqualTo(200);
    }
}
