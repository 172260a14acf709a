package io.smsgateway.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts sent without waiting for their answer, through Lettuce's async API: EVAL the first
 * time, EVALSHA after, EVAL again should Redis answer NOSCRIPT. They go out on the connection the
 * template's own calls share (Spring Data's shared native connection), so a read this instance
 * makes afterwards is answered after the write: an instance reads its own writes.
 */
final class AsyncScripts {

    private final RedisConnectionFactory connections;
    /** The scripts this instance has run whole: from then on by their SHA-1. */
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();

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
            if (!loaded.contains(script.getSha1())) {
                // whole the first time, so that no EVAL after a NOSCRIPT trails a command sent later
                return commands.<Object>eval(script.getScriptAsString(), ScriptOutputType.OBJECT, keyBytes, argBytes)
                        .thenApply(answer -> {
                            loaded.add(script.getSha1());
                            return answer;
                        });
            }
            return commands.<Object>evalsha(script.getSha1(), ScriptOutputType.OBJECT, keyBytes, argBytes)
                    .handle((answer, failure) -> {
                        if (failure == null) {
                            return CompletableFuture.completedStage(answer);
                        }
                        if (!unknownScript(failure)) {
                            return CompletableFuture.<Object>failedStage(failure);
                        }
                        loaded.remove(script.getSha1());
                        return commands.<Object>eval(script.getScriptAsString(), ScriptOutputType.OBJECT, keyBytes, argBytes);
                    })
                    .thenCompose(answer -> answer);
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        }
    }

    // NOSCRIPT: Redis restarted (or SCRIPT FLUSH) since this instance loaded it; EVAL loads it again
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
