package io.smsgateway.provider;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.ExpectedRoutes;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** routes/provider-kaleyra.camel.yaml against a stub that follows Kaleyra's contract. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "KALEYRA_MESSAGE_TYPE=OTP",
                "PROVIDER_TIMEOUT=3s",
                "RATE_LIMIT_MAX_REQUESTS=1000000"
        })
class ProviderKaleyraRouteTest extends StubbedProviderTest {

    @Autowired
    CamelContext camel;


    @Test
    void postsTheFormWithTheApiKeyHeaderAndMapsTheAnswer() {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));

        HttpResponse<String> response = api.send("KLRHXA", "+1 555 867 5310", "Your code is 123456");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = SendClient.body(response);
        assertThat(answer.get("sid").asText()).isEqualTo(KaleyraStub.MESSAGE_ID);
        assertThat(answer.get("numSegments").asText()).isEqualTo("1");
        assertThat(answer.get("dateEvent").asText()).isEqualTo("2019-11-04T10:42:23.000Z");
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        var request = SERVER.findAll(KaleyraStub.sends()).get(0);
        assertThat(request.getHeader("api-key")).isEqualTo(KaleyraStub.API_KEY);
        assertThat(request.containsHeader("Authorization")).isFalse();
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.formParameters()).containsOnlyKeys("to", "sender", "body", "type");
        assertThat(request.formParameters().get("to").firstValue()).isEqualTo("+15558675310");
        assertThat(request.formParameters().get("sender").firstValue()).isEqualTo("KLRHXA");
        assertThat(request.formParameters().get("body").firstValue()).isEqualTo("Your code is 123456");
        assertThat(request.formParameters().get("type").firstValue()).isEqualTo("OTP");
    }

    @Test
    void countsSegmentsLocallyAndTakesTheTopLevelIdWithoutData() {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.json(200, "{\"id\":\"batch-77\"}")));

        HttpResponse<String> response = api.send("KLRHXA", Numbers.unique(), "😀".repeat(40));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = SendClient.body(response);
        assertThat(answer.get("sid").asText()).isEqualTo("batch-77");
        assertThat(answer.get("numSegments").asText()).isEqualTo("2"); // 80 UCS-2 units
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(400, "{\"code\":\"E111\",\"message\":\"Invalid number\"}", 400, "Kaleyra rejected the message: E111 Invalid number"),
                Arguments.of(400, "{\"error\":{\"code\":\"E413\",\"message\":\"Invalid sender\"}}", 400, "E413 Invalid sender"),
                Arguments.of(422, "{\"error\":\"unprocessable\",\"message\":\"to is invalid\"}", 400, "to is invalid"),
                Arguments.of(400, "{\"error\":\"bad number\"}", 400, "bad number"),
                Arguments.of(400, "not json at all", 400, "Kaleyra rejected the message"),
                Arguments.of(401, "{\"error\":{\"message\":\"Invalid API key\"}}", 502, "Kaleyra refused the gateway's credentials"),
                Arguments.of(403, "{}", 502, "Kaleyra refused the gateway's credentials"),
                Arguments.of(429, "{}", 429, "Kaleyra is throttling"),
                Arguments.of(500, "{}", 502, "Kaleyra answered HTTP 500"),
                Arguments.of(503, "", 502, "Kaleyra answered HTTP 503"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void mapsProviderFailuresWhateverTheirShapeAndKeepsServing(int providerStatus, String body, int status, String message) {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.json(providerStatus, body)));

        HttpResponse<String> response = api.send("KLRHXA", Numbers.unique(), "hi");

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(SendClient.body(response).get("message").asText()).contains(message)
                .doesNotContain(KaleyraStub.API_KEY);
        assertThat(SERVER.findAll(KaleyraStub.sends())).hasSize(1);

        SERVER.resetAll();
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
        assertThat(api.send("KLRHXA", Numbers.unique(), "next").statusCode()).isEqualTo(200);
    }

    @Test
    void loadsEveryExpectedRoute() {
        assertThat(ExpectedRoutes.loaded(camel))
                .isEqualTo(ExpectedRoutes.with("provider-kaleyra", "balance-kaleyra", "callback-kaleyra"));
    }
}
