package io.smsgateway.send;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Idempotency-Key on POST /send, through routes/send-api.camel.yaml, in memory (one instance). */
class IdempotentSendsTest extends TwilioServiceTest {

    @Autowired
    MeterRegistry meters;

    private static final List<String> RATE_HEADERS = List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    @Test
    void repeatsTheFirstAnswerWithoutCallingTheProviderAgain() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String json = SendClient.json("ACME", Numbers.unique(), "Your code is 123456");
        String key = UUID.randomUUID().toString();
        double replayed = meters.get("sms.idempotent.replays").tag("source", "http").counter().count();

        HttpResponse<String> first = api.sendJson(json, "Idempotency-Key", key);
        HttpResponse<String> repeat = api.sendJson(json, "Idempotency-Key", key, "x-request-id", "the-repeat");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(repeat.headers().firstValue("x-request-id")).hasValue("the-repeat");
        for (String header : RATE_HEADERS) {
            assertThat(repeat.headers().firstValue(header)).as(header).isPresent().isEqualTo(first.headers().firstValue(header));
        }
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        assertThat(meters.get("sms.idempotent.replays").tag("source", "http").counter().count()).isEqualTo(replayed + 1);
    }

    @Test
    void answersRepeatsWhileTheFirstIsInFlight409() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(1500)));
        String json = SendClient.json("ACME", Numbers.unique(), "slow");
        String key = UUID.randomUUID().toString();

        CompletableFuture<HttpResponse<String>> first = api.postAsync("/send", json, "application/json", "Idempotency-Key", key);
        await().atMost(Duration.ofSeconds(5)).until(() -> SERVER.findAll(TwilioStub.sends()).size() == 1);
        List<HttpResponse<String>> repeats = IntStream.range(0, 3)
                .mapToObj(i -> api.postAsync("/send", json, "application/json", "Idempotency-Key", key)).toList()
                .stream().map(CompletableFuture::join).toList();

        assertThat(repeats).allSatisfy(repeat -> {
            assertThat(repeat.statusCode()).isEqualTo(409);
            assertThat(repeat.headers().firstValue("Retry-After")).hasValue("1");
            JsonNode error = SendClient.body(repeat);
            assertThat(error.get("statusCode").asInt()).isEqualTo(409);
            assertThat(error.get("error").asText()).isEqualTo("Conflict");
            assertThat(error.get("message").asText()).contains("still being processed");
        });
        assertThat(first.join().statusCode()).isEqualTo(200);
        HttpResponse<String> after = api.sendJson(json, "Idempotency-Key", key);
        assertThat(after.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(after.body()).isEqualTo(first.join().body());
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
    }

    @Test
    void refusesTheKeyForAnotherBody422() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();
        String key = UUID.randomUUID().toString();

        assertThat(api.sendJson(SendClient.json("ACME", number, "one"), "Idempotency-Key", key).statusCode()).isEqualTo(200);
        HttpResponse<String> other = api.sendJson(SendClient.json("ACME", number, "another"), "Idempotency-Key", key);

        assertThat(other.statusCode()).isEqualTo(422);
        JsonNode error = SendClient.body(other);
        assertThat(error.get("statusCode").asInt()).isEqualTo(422);
        assertThat(error.get("error").asText()).isEqualTo("Unprocessable Entity");
        assertThat(error.get("message").asText()).contains("another body");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
    }

    @Test
    void refusesAKeyOutsideOneTo255PrintableCharacters400() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> tooLong = api.sendJson(SendClient.json("ACME", Numbers.unique(), "hi"), "Idempotency-Key", "k".repeat(256));

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(SendClient.body(tooLong).get("message").asText()).isEqualTo("Idempotency-Key must be 1 to 255 printable ASCII characters");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void storesAnUncertainFailureButReleasesARefusalBeforeAnyCall() {
        // a 5xx to a written request: the message may have gone out, its answer is the key's
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(500, 20500, "Internal Server Error")));
        String number = Numbers.unique();
        String json = SendClient.json("ACME", number, "maybe sent");
        String uncertain = UUID.randomUUID().toString();
        HttpResponse<String> failed = api.sendJson(json, "Idempotency-Key", uncertain);
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        HttpResponse<String> repeat = api.sendJson(json, "Idempotency-Key", uncertain);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(repeat.statusCode()).isEqualTo(502);
        assertThat(repeat.body()).isEqualTo(failed.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);

        // refused by validation, nothing reached a provider: the key is free for the corrected request
        String released = UUID.randomUUID().toString();
        HttpResponse<String> invalid = api.sendJson(SendClient.json("ACME", "12", "hi"), "Idempotency-Key", released);
        HttpResponse<String> corrected = api.sendJson(SendClient.json("ACME", Numbers.unique(), "hi"), "Idempotency-Key", released);

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(corrected.statusCode()).isEqualTo(200);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(2);
    }
}
