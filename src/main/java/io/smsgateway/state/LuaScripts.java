package io.smsgateway.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts of src/main/resources/redis, read once. */
final class LuaScripts {

    private LuaScripts() {
    }

    /**
     * A script made from its text, not from its resource: a script on a resource asks the resource,
     * on every call, whether it changed — inside the executable jar that opened the nested jar each
     * time and cost more CPU than the rest of a send's Redis work.
     */
    static <T> RedisScript<T> of(String name, Class<T> answer) {
        try (InputStream in = LuaScripts.class.getResourceAsStream("/redis/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no Lua script redis/" + name);
            }
            return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
