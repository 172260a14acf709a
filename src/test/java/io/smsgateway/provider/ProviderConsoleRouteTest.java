package io.smsgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.ExpectedRoutes;
import io.smsgateway.support.SendClient;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** routes/provider-console.camel.yaml: the offline provider the README's run command uses. */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "SERVICE_PROVIDER=console")
class ProviderConsoleRouteTest {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Test
    void answersAGeneratedSidAndLogsTheMessageMaskedWithoutItsText(CapturedOutput output) {
        HttpResponse<String> response = new SendClient(port).send("ACME", "+39 333 123 4567", "Your code is 901234");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = SendClient.body(response);
        assertThat(answer.get("sid").asText()).matches("CN[0-9a-f]{32}");
        assertThat(answer.get("status").asText()).isEqualTo("queued");
        assertThat(answer.get("numSegments").asText()).isEqualTo("1");
        assertThat(output.getAll()).contains("to +39*******567 logged, not sent")
                .doesNotContain("3331234567").doesNotContain("901234");
    }

    @Test
    void loadsEveryExpectedRoute() {
        assertThat(ExpectedRoutes.loaded(camel)).isEqualTo(ExpectedRoutes.with("provider-console"));
    }
}
