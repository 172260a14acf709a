package io.smsgateway.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts sent without waiting for their answer: EVALSHA through Lettuce's async API, EVAL when
 * Redis does not know the script yet. They go out on the connection the template's own calls share
 * (Spring Data's shared native connection), so a read this instance makes afterwards is answered
 * after the write: an instance reads its own writes.
 */
final class AsyncScripts {

    private final RedisConnectionFactory connections;

    AsyncScripts(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    /** The script's answer, or its failure; a failure to send at all is one too, never thrown. */
    CompletionStage<Object> run(RedisScript<?> script, List<String> keys, List<String> args) {
        try (RedisConnection connection = connections.getConnection()) {
            @SuppressWarnings("unchecked")
            RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            byte[][] keyBytes = bytes(keys);
            byte[][] argBytes = bytes(args);
            return commands.<Object>evalsha(script.getSha1(), ScriptOutputType.OBJECT, keyBytes, argBytes)
                    .handle((answer, failure) -> failure == null ? CompletableFuture.completedStage(answer)
                            : unknownScript(failure)
                            ? commands.<Object>eval(script.getScriptAsString(), ScriptOutputType.OBJECT, keyBytes, argBytes)
                            : CompletableFuture.failedStage(failure))
                    .thenCompose(answer -> answer);
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        }
    }

    // NOSCRIPT: the first run since Redis started (or SCRIPT FLUSH); EVAL loads it for the next
    private static boolean unknownScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static byte[][] bytes(List<String> values) {
        byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
