package io.smsgateway.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioCallbacks;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Status forwarding end to end, the real routes: a send with a statusCallback, then Twilio's signed
 * callbacks; the client's receiver is a second WireMock server (on loopback, hence the flags that
 * allow http and private targets).
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "PROVIDER_TIMEOUT=3s",
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_PUBLIC_URL=" + StatusForwardingTest.PUBLIC_URL,
                "SMS_CALLBACK_SECRET=" + StatusForwardingTest.SECRET,
                "SMS_ALLOW_HTTP_CALLBACKS=true",
                "SMS_ALLOW_PRIVATE_CALLBACKS=true",
                "SMS_CALLBACK_BACKOFF=100ms",
                "SMS_CALLBACK_TIMEOUT=1s",
                "SMS_CALLBACK_MAX_ATTEMPTS=3"
        })
class StatusForwardingTest extends StubbedProviderTest {

    static final String PUBLIC_URL = "https://sms.example.com/gateway";
    static final String SECRET = "forwarding-test-secret-0123456789";
    private static final String CALLBACK_URL = PUBLIC_URL + "/callbacks/twilio";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireMockServer RECEIVER = receiver();

    @Autowired
    MeterRegistry meters;

    private static WireMockServer receiver() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(4));
        server.start();
        return server;
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @Test
    void eachStatusChangeReachesTheStatusCallbackSignedWithoutTheReceiverNorTheText() throws Exception {
        String path = "/hooks/" + UUID.randomUUID();
        RECEIVER.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
        String receiver = Numbers.unique();
        String sid = sent(receiver, path + "?token=abc");

        Map<String, String> form = TwilioCallbacks.form(sid, receiver, "undelivered", "30005");
        HttpResponse<String> answer = TwilioCallbacks.post(api, form,
                TwilioCallbacks.signature(TwilioStub.AUTH_TOKEN, CALLBACK_URL, form));
        assertThat(answer.statusCode()).isEqualTo(204);

        List<LoggedRequest> posts = await().atMost(Duration.ofSeconds(10)).until(
                () -> RECEIVER.findAll(postRequestedFor(urlPathEqualTo(path))), found -> found.size() == 2);
        assertThat(posts).extracting(request -> JSON.readTree(request.getBodyAsString()).get("status").asText())
                .containsExactlyInAnyOrder("queued", "undelivered");
        for (LoggedRequest request : posts) {
            String body = request.getBodyAsString();
            String timestamp = request.getHeader("X-Sms-Timestamp");
            assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(request.getHeader("X-Sms-Signature")).isEqualTo("sha256=" + hmacSha256(SECRET, timestamp + "." + body));
            assertThat(request.getHeader("Content-Type")).startsWith("application/json");
            assertThat(request.queryParameter("token").firstValue()).isEqualTo("abc");
            JsonNode json = JSON.readTree(body);
            assertThat(json.fieldNames()).toIterable().containsExactly("sid", "status", "errorCode", "at", "provider");
            assertThat(json.get("sid").asText()).isEqualTo(sid);
            assertThat(json.get("provider").asText()).isEqualTo("twilio");
            assertThat(Instant.parse(json.get("at").asText())).isNotNull();
            assertThat(body).doesNotContain(receiver.substring(1)).doesNotContain("Your code");
        }
        JsonNode undelivered = posts.stream().map(request -> readTree(request.getBodyAsString()))
                .filter(json -> json.get("status").asText().equals("undelivered")).findFirst().orElseThrow();
        assertThat(undelivered.get("errorCode").asText()).isEqualTo("30005");
        assertThat(api.get("/messages/" + sid).body()).as("GET /messages/{sid} shows no statusCallback").doesNotContain("hooks");
    }

    @Test
    void aReceiverFailingTwiceWith503GetsItOnTheThirdAttempt() {
        String path = "/hooks/" + UUID.randomUUID();
        String scenario = "flaky " + path;
        RECEIVER.stubFor(post(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("failed once"));
        RECEIVER.stubFor(post(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("failed twice"));
        RECEIVER.stubFor(post(urlPathEqualTo(path)).inScenario(scenario).whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200)));
        double delivered = forwards("delivered");

        sent(Numbers.unique(), path);

        await().atMost(Duration.ofSeconds(10)).until(() -> forwards("delivered") >= delivered + 1);
        List<LoggedRequest> posts = RECEIVER.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(posts).hasSize(3);
        assertThat(posts).extracting(request -> request.getBodyAsString()).containsOnly(posts.get(0).getBodyAsString());
        assertThat(posts.get(2).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime())
                .as("waited 100 ms, then 200 ms").isGreaterThanOrEqualTo(250);
    }

    @Test
    void aReceiverThatNeverAnswersSlowsNeitherTheSendNorTheProvidersCallback() {
        String path = "/hooks/" + UUID.randomUUID();
        RECEIVER.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));
        double failed = forwards("failed");
        String receiver = Numbers.unique();

        long start = System.nanoTime();
        String sid = sent(receiver, path);
        Map<String, String> form = TwilioCallbacks.form(sid, receiver, "delivered", null);
        HttpResponse<String> answer = TwilioCallbacks.post(api, form,
                TwilioCallbacks.signature(TwilioStub.AUTH_TOKEN, CALLBACK_URL, form));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(tookMillis).as("the send and the callback's answer, a receiver waiting 30 s").isLessThan(1000);
        await().atMost(Duration.ofSeconds(5)).until(() -> RECEIVER.findAll(postRequestedFor(urlPathEqualTo(path))).size() >= 2);
        // each attempt ends at SMS_CALLBACK_TIMEOUT (1 s): three attempts, then failed, for each of the two changes
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards("failed") >= failed + 2);
    }

    private double forwards(String outcome) {
        var counter = meters.find("sms.status.forwards").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private String sent(String receiver, String pathAndQuery) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created(sid)));
        String json = "{\"sender\":\"+15017122661\",\"receiver\":\"" + receiver + "\",\"body\":\"Your code is 123456\","
                + "\"statusCallback\":\"http://127.0.0.1:" + RECEIVER.port() + pathAndQuery + "\"}";
        HttpResponse<String> response = api.sendJson(json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return sid;
    }

    /** What a receiver computes, written here apart from the service's. */
    private static String hmacSha256(String secret, String text) {
        return HexFormat.of().formatHex(mac("HmacSHA256", secret, text));
    }

    private static byte[] mac(String algorithm, String key, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
