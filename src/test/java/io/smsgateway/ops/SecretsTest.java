package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.smsgateway.support.Numbers;
import io.smsgateway.support.ProviderStub;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.ServiceProcess;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;

/**
 * A failing-auth scenario with a known token and API key, logging at DEBUG: neither appears in any
 * log line, error answer or Actuator answer. The service runs in a JVM of its own, configured from
 * outside as in production, and everything it writes is searched.
 */
class SecretsTest {

    private static final String TOKEN = "tok_5ecret_TWILIO_9f2e41";
    private static final String API_KEY = "key_5ecret_OPS_77a1c3";

    @Test
    void keepsTokenAndKeysOutOfLogsAnswersAndTheActuator() throws Exception {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(401, 20003, "Authenticate")));
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.error(401, 20003, "Authenticate")));
        List<String> answers = new ArrayList<>();
        String logs;

        try (ServiceProcess service = ServiceProcess.start(
                "--SERVICE_PROVIDER=twilio",
                "--TWILIO_ACCOUNT_SID=" + TwilioStub.ACCOUNT_SID,
                "--TWILIO_AUTH_TOKEN=" + TOKEN,
                "--TWILIO_BASE_URL=" + ProviderStub.baseUrl(),
                "--SMS_API_KEYS=" + API_KEY,
                "--LOG_LEVEL=debug")) {
            SendClient api = service.api();
            HttpResponse<String> refused = send(api, "Bearer " + API_KEY);
            answers.add(refused.body());
            answers.add(send(api, "Bearer wrong-" + API_KEY).body());
            // a key put in the query string is refused, and the query is never logged whole
            answers.add(api.post("/send?X-API-Key=" + API_KEY, SendClient.json("ACME", Numbers.unique(), "hi"),
                    "application/json").body());
            for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                    "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/loggers", "/-/check-up", "/-/metrics")) {
                answers.add(api.get(path).body());
            }
            assertThat(refused.statusCode()).isEqualTo(502);
            logs = service.output();
        }

        String basic = Base64.getEncoder().encodeToString((TwilioStub.ACCOUNT_SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(logs).as("logging at debug").contains(" DEBUG ").contains("Twilio");
        for (String secret : List.of(TOKEN, basic, API_KEY)) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(answers).as("answers").noneMatch(body -> body.contains(secret));
        }
    }

    private static HttpResponse<String> send(SendClient api, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/send"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(SendClient.json("ACME", Numbers.unique(), "hi")))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
