package io.smsgateway.web;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The HTTP server itself, whatever clients do: slow bodies hold no thread and time out with 408
 * while the probes keep answering; requests it cannot parse or will not serve are answered in the
 * error shape; a body that is not UTF-8 is refused.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=twilio",
                "TWILIO_ACCOUNT_SID=" + TwilioStub.ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN=" + TwilioStub.AUTH_TOKEN,
                "RATE_LIMIT_MAX_REQUESTS=1000",
                "SMS_HTTP_BODY_TIMEOUT=3s"
        })
@DirtiesContext
class HttpEntryTest extends StubbedProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLOW_CLIENTS = 300;

    @Test
    void slowBodiesTimeOutWith408WhileTheProbesAndSendsAreServed() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /send HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                        + "{\"sender\":\"ACME\",\"receiver\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            // a byte every half second: each connection stays busy, none finishes its body
            trickle.scheduleAtFixedRate(() -> slow.forEach(socket -> {
                try {
                    socket.getOutputStream().write(' ');
                } catch (IOException closedByTheServer) {
                    // expected once the deadline has passed
                }
            }), 500, 500, TimeUnit.MILLISECONDS);

            HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            List<Integer> statuses = new ArrayList<>();
            // throughout the slow clients' lives: each probe must be answered within 1 s, or it throws
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                statuses.add(probes.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/healthz"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                return slow.stream().allMatch(HttpEntryTest::answered);
            });
            assertThat(statuses).isNotEmpty().containsOnly(200);
            assertThat(api.send("ACME", Numbers.unique(), "still served").statusCode()).isEqualTo(200);

            for (Socket socket : slow) {
                String answer = readAll(socket);
                assertThat(answer).startsWith("HTTP/1.1 408");
                assertThat(errorOf(answer).get("statusCode").asInt()).isEqualTo(408);
            }
        } finally {
            trickle.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void answersWhatTheServerRefusesItselfInTheErrorShape() throws Exception {
        String hugeHeader = "GET /-/healthz HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "a".repeat(20_000) + "\r\n\r\n";
        String encodedSlash = "POST /send%2fx HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        String nul = "GET /-/healthz%00 HTTP/1.1\r\nHost: localhost\r\n\r\n";

        assertError(raw(hugeHeader), 431);
        assertError(raw(encodedSlash), 404);
        assertError(raw(nul), 400);
    }

    @Test
    void refusesABodyThatIsNotUtf8() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        byte[] latin1 = ("{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"caf\u00e9\"}")
                .getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/send"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("message").asText()).isEqualTo("request body is not valid UTF-8");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    private static boolean answered(Socket socket) {
        try {
            return socket.getInputStream().available() > 0 || socket.isInputShutdown();
        } catch (IOException e) {
            return true;
        }
    }

    private static void assertError(String answer, int status) {
        assertThat(answer).startsWith("HTTP/1.1 " + status);
        assertThat(answer).containsIgnoringCase("content-type: application/json");
        JsonNode error = errorOf(answer);
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAll(socket);
        }
    }

    /** What the server wrote until it closed the connection or ended one answer. */
    private static String readAll(Socket socket) {
        try {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                if (text.indexOf("\r\n\r\n") > 0 && text.toString().trim().endsWith("}")) {
                    break;
                }
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode errorOf(String answer) {
        try {
            return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
