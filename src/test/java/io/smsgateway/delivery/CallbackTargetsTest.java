package io.smsgateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The statusCallback check against SSRF: form, scheme, user-info, and every address the host resolves to. */
class CallbackTargetsTest {

    /** Names resolved without DNS: a public one, one that answers a public and a private address, and localhost. */
    private static final Map<String, String[]> NAMES = Map.of(
            "hooks.example.com", new String[] {"93.184.216.34"},
            "rebind.example.com", new String[] {"93.184.216.34", "10.0.0.7"},
            "localhost", new String[] {"127.0.0.1", "::1"});

    private final CallbackTargets targets = new CallbackTargets(false, false, CallbackTargetsTest::resolve);

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] addresses = NAMES.get(host);
        if (addresses == null) {
            return InetAddress.getAllByName(host); // literal IPs only: no lookup
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/hook", "https://127.1.2.3/hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook",
            "https://172.31.255.254/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://224.0.0.1/hook", "https://[::1]/hook",
            "https://[fc00::1]/hook", "https://[fd12:3456::1]/hook", "https://[fe80::1]/hook", "https://[::]/hook",
            "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:169.254.169.254]/hook", "https://[64:ff9b::a00:1]/hook",
            "https://[2002:c0a8:101::1]/hook", "https://[ff02::1]/hook",
            "https://localhost/hook", "https://localhost:8443/hook", "https://rebind.example.com/hook"})
    void refusesHostsThatLeadToANonPublicAddress(String url) {
        assertThatThrownBy(() -> targets.check(url)).isInstanceOf(CallbackTargets.Refused.class)
                .hasMessageContaining("must not lead to a loopback, private");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/hook", "ftp://hooks.example.com/hook", "/hook", "hooks.example.com/hook",
            "https:hooks.example.com", "https:///hook", "https://user:pass@hooks.example.com/hook", "https://user@hooks.example.com/",
            "https://hooks.example.com/hook#part", "https://hooks.example.com/a b"})
    void refusesWhatIsNoAbsoluteHttpsUrlWithoutUserInfo(String url) {
        assertThatThrownBy(() -> targets.check(url)).isInstanceOf(CallbackTargets.Refused.class);
    }

    @Test
    void namesWhyPlainHttpAndUserInfoAreRefused() {
        assertThatThrownBy(() -> targets.check("http://hooks.example.com/hook")).hasMessageContaining("SMS_ALLOW_HTTP_CALLBACKS");
        assertThatThrownBy(() -> targets.check("https://u:p@hooks.example.com/hook")).hasMessageContaining("user-info");
        assertThatThrownBy(() -> targets.check("https://hooks.example.com/" + "a".repeat(2048)))
                .hasMessageContaining("at most 2048 characters");
    }

    @Test
    void acceptsAPublicHostByNameOrLiteralAddress() throws Exception {
        assertThat(targets.check("https://hooks.example.com/sms/status?token=abc").getHost()).isEqualTo("hooks.example.com");
        assertThat(targets.check("https://93.184.216.34:8443/hook")).isNotNull();
        assertThat(targets.check("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")).isNotNull();
        assertThat(targets.check("https://hooks.example.com/" + "a".repeat(2048 - 26))).isNotNull();
    }

    @Test
    void theFlagsOpenPlainHttpAndPrivateTargets() throws Exception {
        CallbackTargets open = new CallbackTargets(true, true, CallbackTargetsTest::resolve);

        assertThat(open.check("http://127.0.0.1:8080/hook")).isNotNull();
        assertThat(open.check("https://localhost/hook")).isNotNull();
        assertThatThrownBy(() -> open.check("http://u:p@127.0.0.1/hook")).hasMessageContaining("user-info");
        assertThatThrownBy(() -> new CallbackTargets(true, false, CallbackTargetsTest::resolve).check("http://127.0.0.1/hook"))
                .hasMessageContaining("must not lead to");
    }

    @Test
    void logsOnlyTheSchemeAndHost() {
        assertThat(CallbackTargets.loggable("https://hooks.example.com/sms/status?token=secret")).isEqualTo("https://hooks.example.com");
    }
}
