package io.smsgateway.send;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.http.Fault;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** routes/error-handling.camel.yaml: failures without a provider answer, and the service afterwards. */
class ErrorHandlingRouteTest extends TwilioServiceTest {

    @Test
    void answers504WhenTheProviderDoesNotAnswerWithinTheTimeoutAndDoesNotRetry() {
        // PROVIDER_TIMEOUT is 3s in these tests
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(4500)));

        HttpResponse<String> response = api.send("ACME", Numbers.unique(), "hi");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(SendClient.body(response).get("error").asText()).isEqualTo("Gateway Timeout");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        assertServesNextRequest();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void answers502WhenTheConnectionFailsAndDoesNotRetry(Fault fault) {
        SERVER.stubFor(TwilioStub.send().willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withFault(fault)));

        HttpResponse<String> response = api.send("ACME", Numbers.unique(), "hi");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(SendClient.body(response).get("message").asText()).isEqualTo("the SMS provider could not be reached");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        assertServesNextRequest();
    }

    private void assertServesNextRequest() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        assertThat(api.send("ACME", Numbers.unique(), "next").statusCode()).isEqualTo(200);
    }
}
