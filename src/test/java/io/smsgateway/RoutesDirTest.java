package io.smsgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.smsgateway.support.SendClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * ROUTES_DIR points the service at another route folder: an operator's edit of a route file
 * changes behaviour without any build.
 */
@CamelSpringBootTest
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "SERVICE_PROVIDER=console")
class RoutesDirTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void editedRouteFolder(DynamicPropertyRegistry registry) {
        registry.add("ROUTES_DIR", () -> copyOfRoutesWithSendApiAt("/api/v2/sms").toString());
    }

    @Test
    void servesTheEditedRouteInsteadOfTheShippedOne() {
        SendClient api = new SendClient(port);
        String json = SendClient.json("ACME", "+15558675310", "hi");

        assertThat(api.post("/api/v2/sms", json, "application/json").statusCode()).isEqualTo(200);
        assertThat(api.post("/send", json, "application/json").statusCode()).isEqualTo(404);
    }

    @Test
    void keepsTheRequestSizeLimitAtTheMovedPath() {
        String body = SendClient.json("ACME", "+15558675310", "x".repeat(200 * 1024));

        HttpResponse<String> tooLarge = new SendClient(port).post("/api/v2/sms", body, "application/json");

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(SendClient.body(tooLarge).get("statusCode").asInt()).isEqualTo(413);
    }

    private static Path copyOfRoutesWithSendApiAt(String path) {
        try {
            Path folder = Files.createTempDirectory("routes-");
            folder.toFile().deleteOnExit();
            try (Stream<Path> files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) {
                    Path copy = Files.copy(file, folder.resolve(file.getFileName()));
                    copy.toFile().deleteOnExit();
                }
            }
            Path sendApi = folder.resolve("send-api.camel.yaml");
            String edited = Files.readString(sendApi).replace("uri: platform-http:/send", "uri: platform-http:" + path);
            assertThat(edited).contains(path);
            Files.writeString(sendApi, edited);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
