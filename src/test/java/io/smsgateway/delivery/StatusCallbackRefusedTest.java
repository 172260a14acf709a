package io.smsgateway.delivery;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A send whose statusCallback could reach the gateway's own network is refused whole: 400, no provider call. */
class StatusCallbackRefusedTest extends TwilioServiceTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://10.0.0.1/hook", "https://172.16.0.1/hook",
            "https://192.168.0.1/hook", "https://169.254.169.254/latest/meta-data/", "https://[::1]/hook",
            "https://[fc00::1]/hook", "https://localhost/hook", "http://example.com/hook",
            "https://user:secret@example.com/hook"})
    void refusesTheSendWithA400AndCallsNoProvider(String url) {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        ObjectNode send = JsonNodeFactory.instance.objectNode().put("sender", "+15017122661").put("receiver", Numbers.unique())
                .put("body", "Your code is 123456").put("statusCallback", url);

        HttpResponse<String> answer = api.sendJson(send.toString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode error = SendClient.body(answer);
        assertThat(error.get("error").asText()).isEqualTo("Bad Request");
        assertThat(error.get("message").asText()).startsWith("statusCallback ");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }
}
