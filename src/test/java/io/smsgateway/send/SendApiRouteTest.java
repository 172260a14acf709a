package io.smsgateway.send;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;

/** routes/send-api.camel.yaml: POST /send over HTTP, as the original serves it. */
class SendApiRouteTest extends TwilioServiceTest {

    @Test
    void answersTheOriginalsSuccessShape() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.send("+15017122661", Numbers.unique(), "Your code is 123456");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = SendClient.body(response);
        // the original's four fields, in its order, then the extension naming the provider that sent
        assertThat(answer.fieldNames()).toIterable().containsExactly("dateEvent", "numSegments", "sid", "status", "provider");
        assertThat(answer.get("provider").asText()).isEqualTo("twilio");
        assertThat(answer.get("dateEvent").asText()).isEqualTo("2015-07-30T20:12:31.000Z");
        assertThat(answer.get("numSegments").isTextual()).isTrue();
        assertThat(answer.get("numSegments").asText()).isEqualTo("2");
        assertThat(answer.get("sid").asText()).isEqualTo(TwilioStub.SID);
        assertThat(answer.get("status").asText()).isEqualTo("queued");
    }

    @Test
    void echoesNoRequestHeaderAndForwardsNoneToTheProvider() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/send"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer caller-secret")
                .header("X-Internal-Note", "private")
                .POST(HttpRequest.BodyPublishers.ofString(SendClient.json("ACME", Numbers.unique(), "hi")))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-Internal-Note")
                || name.equalsIgnoreCase("Authorization") || name.toLowerCase().startsWith("camel"));
        var sent = SERVER.findAll(TwilioStub.sends()).get(0);
        assertThat(sent.getHeader("Authorization")).startsWith("Basic ").doesNotContain("caller-secret");
        assertThat(sent.containsHeader("X-Internal-Note")).isFalse();
    }

    @Test
    void refusesOtherContentTypesWith415() {
        String json = SendClient.json("ACME", Numbers.unique(), "hi");
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml", null}) {
            HttpResponse<String> response = api.post("/send", json, type);

            assertThat(response.statusCode()).as("Content-Type %s", type).isEqualTo(415);
            JsonNode error = SendClient.body(response);
            assertThat(error.get("statusCode").asInt()).isEqualTo(415);
            assertThat(error.get("error").asText()).isEqualTo("Unsupported Media Type");
            assertThat(error.get("message").asText()).isEqualTo("Content-Type must be application/json");
        }
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void acceptsJsonWithACharset() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> response = api.post("/send", SendClient.json("ACME", Numbers.unique(), "hi"),
                "application/json; charset=utf-8");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void answersOtherMethodsWith405InTheErrorShape() {
        HttpResponse<String> response = api.get("/send");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(SendClient.body(response).get("statusCode").asInt()).isEqualTo(405);
        assertThat(SendClient.body(response).get("message").asText()).isEqualTo("method not allowed: /send takes POST");
    }

    @Test
    void refusesABodyOver64KiBWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String huge = "{\"sender\":\"ACME\",\"receiver\":\"+15558675310\",\"body\":\"" + "x".repeat(70_000) + "\"}";

        HttpResponse<String> declared = api.post("/send", huge, "application/json");
        int chunked = postChunked(huge);

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(SendClient.body(declared).get("message").asText()).isEqualTo("request body exceeds 65536 bytes");
        assertThat(chunked).isEqualTo(413);
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    /**
     * A provider answering each call after 1 s must not queue sends behind a handful of threads:
     * with the stock consumer's 8-thread executor, 8 calls at most would be with the provider at a
     * time, and 200 sends would take 25 s. Here, far more are with it at once.
     */
    @Test
    void serves200ConcurrentSendsToASlowProviderInParallel() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(1000)));
        List<String> requests = IntStream.range(0, 200)
                .mapToObj(i -> SendClient.json("ACME", Numbers.unique(), "hi")).toList();

        List<CompletableFuture<HttpResponse<String>>> calls = requests.stream()
                .map(json -> api.postAsync("/send", json, "application/json"))
                .toList();
        // calls that reached the provider and were not answered yet, the most seen at once
        int[] mostAtOnce = new int[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            long answered = calls.stream().filter(CompletableFuture::isDone).count();
            mostAtOnce[0] = (int) Math.max(mostAtOnce[0], atProvider() - answered);
            return answered == calls.size();
        });
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).hasSize(200).containsOnly(200);
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(200);
        assertThat(mostAtOnce[0]).as("calls with the provider at once").isGreaterThanOrEqualTo(50);
    }

    private static int atProvider() {
        return SERVER.countRequestsMatching(TwilioStub.sends().build()).getCount();
    }

    private int postChunked(String body) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/send").toURL()
                .openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(4096);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException serverClosedEarly) {
            // the server may answer before reading the rest
        }
        return connection.getResponseCode();
    }
}
