package io.smsgateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls the running service over real HTTP, as its users do. */
public final class SendClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    public SendClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public static String json(String sender, String receiver, String body) {
        try {
            return JSON.writeValueAsString(new java.util.LinkedHashMap<>(java.util.Map.of(
                    "sender", sender, "receiver", receiver, "body", body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> send(String sender, String receiver, String body) {
        return post("/send", json(sender, receiver, body), "application/json");
    }

    public HttpResponse<String> post(String path, String body, String contentType) {
        return await(postAsync(path, body, contentType));
    }

    /** A POST with these headers too, each a name then its value. */
    public HttpResponse<String> post(String path, String body, String contentType, String... headers) {
        return await(postAsync(path, body, contentType, headers));
    }

    /** A JSON send with more request headers, as name, value, name, value ... */
    public HttpResponse<String> sendJson(String json, String... headers) {
        return await(postAsync("/send", json, "application/json", headers));
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) {
        return await(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString()));
    }

    public static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
