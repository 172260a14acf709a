package io.smsgateway.ops;

import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up when /send is open to whoever reaches the port: no SMS_API_KEYS, and the server
 * listening beyond loopback (server.address unset: every interface). A warning, not a refusal: the
 * original had no keys and relied on the platform's gateway, and drop-in users still may;
 * SMS_REQUIRE_API_KEYS=true makes it a refusal.
 */
@Component
class OpenSendWarning {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSendWarning.class);

    private final boolean open;
    private final String listening;

    OpenSendWarning(ApiKeyProperties keys, ServerProperties server) {
        InetAddress address = server.getAddress();
        this.open = keys.open() && (address == null || !address.isLoopbackAddress());
        this.listening = address == null ? "every interface" : address.getHostAddress();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenOpen() {
        if (open) {
            LOG.warn("/send is open: SMS_API_KEYS is not set and the server listens on {}, so whoever reaches its port "
                    + "can send paid SMS; set SMS_API_KEYS, or listen on loopback only (SERVER_ADDRESS=127.0.0.1)", listening);
        }
    }
}
