package io.smsgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * LOG_FORMAT=json: every line the service writes is one JSON object; a line about a message carries
 * its request id and the receiver masked. A JVM of its own: the logging setup is the JVM's.
 */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneJsonObjectALineWithTheRequestIdAndTheMaskedReceiver() throws Exception {
        String output;
        try (ServiceProcess service = ServiceProcess.start("--SERVICE_PROVIDER=console", "--LOG_FORMAT=json")) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(service.api().base() + "/send"))
                            .header("Content-Type", "application/json")
                            .header("x-request-id", "req-json-42")
                            .POST(HttpRequest.BodyPublishers.ofString(SendClient.json("ACME", "+39 333 765 4321", "hi")))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-request-id")).hasValue("req-json-42");
            output = service.output();
        }

        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        List<JsonNode> logged = lines.stream().map(JsonLogsTest::json).toList();
        JsonNode aboutTheMessage = logged.stream()
                .filter(line -> line.path("message").asText().startsWith("console provider:")).findFirst().orElseThrow();
        assertThat(aboutTheMessage.get("requestId").asText()).isEqualTo("req-json-42");
        assertThat(aboutTheMessage.get("receiver").asText()).isEqualTo("+39*******321");
        assertThat(lines).noneMatch(line -> line.contains("3337654321"));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }
}
