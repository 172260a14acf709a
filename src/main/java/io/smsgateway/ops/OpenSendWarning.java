package io.smsgateway.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.smsgateway.web.HttpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up when /send is open to whoever reaches the port: no SMS_API_KEYS, and the server
 * listening beyond loopback (server.address unset: every interface, as the Vert.x entry binds it, HttpProperties). A warning, not a refusal: the
 * original had no keys and relied on the platform's gateway, and drop-in users still may;
 * SMS_REQUIRE_API_KEYS=true makes it a refusal.
 */
@Component
class OpenSendWarning {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSendWarning.class);

    private final boolean open;
    private final String listening;

    OpenSendWarning(ApiKeyProperties keys, HttpProperties http) {
        boolean everyInterface = "0.0.0.0".equals(http.address()) || "::".equals(http.address());
        this.open = keys.open() && (everyInterface || !loopback(http.address()));
        this.listening = everyInterface ? "every interface" : http.address();
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenOpen() {
        if (open) {
            LOG.warn("/send is open: SMS_API_KEYS is not set and the server listens on {}, so whoever reaches its port "
                    + "can send paid SMS; set SMS_API_KEYS, or listen on loopback only (SERVER_ADDRESS=127.0.0.1)", listening);
        }
    }
}
