package io.smsgateway.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A WebDriver BiDi session over a WebSocket (the JDK's client, Jackson for the JSON): commands are
 * answered by id, events are handed to the listener registered for their method.
 */
final class BiDiConnection implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();
    private final WebSocket socket;

    private BiDiConnection(URI address) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(address, new Receiver()).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    static BiDiConnection open(URI address) throws Exception {
        return new BiDiConnection(address);
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Calls {@code listener} with the params of each event of that method (once subscribed to). */
    void on(String method, Consumer<JsonNode> listener) {
        listeners.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Sends the command and returns its result; an error answer throws, naming the command. */
    JsonNode call(String method, ObjectNode params) {
        try {
            return send(method, params).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw new BiDiError(method + ": " + failed.getCause().getMessage());
        } catch (TimeoutException | InterruptedException e) {
            throw new BiDiError(method + ": no answer within " + COMMAND_TIMEOUT_SECONDS + " s");
        }
    }

    /** Sends the command; its answer completes the future, an error answer exceptionally. */
    CompletableFuture<JsonNode> send(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.whenComplete((result, failed) -> pending.remove(id));
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(command.toString(), true).exceptionally(failed -> {
            answer.completeExceptionally(failed);
            return null;
        });
        return answer;
    }

    @Override
    public void close() {
        socket.abort();
        pending.values().forEach(answer -> answer.completeExceptionally(new BiDiError("connection closed")));
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
            if (answer == null) {
                return;
            }
            if ("error".equals(message.path("type").asText())) {
                answer.completeExceptionally(new BiDiError(message.path("error").asText() + ": " + message.path("message").asText()));
            } else {
                answer.complete(message.path("result"));
            }
        } else if ("event".equals(message.path("type").asText())) {
            listeners.getOrDefault(message.path("method").asText(), List.of()).forEach(l -> l.accept(message.path("params")));
        }
    }

    /** Puts together the frames of each message (a screenshot spans many) and parses it. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                String text = frames.toString();
                frames.setLength(0);
                try {
                    received(JSON.readTree(text));
                } catch (Exception unreadable) {
                    // not JSON: nothing the session waits for
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(answer -> answer.completeExceptionally(new BiDiError("closed: " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(answer -> answer.completeExceptionally(error));
        }
    }

    static final class BiDiError extends RuntimeException {
        BiDiError(String message) {
            super(message);
        }
    }
}
