package io.smsgateway.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderCircuitOpen;
import io.vertx.core.VertxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures prove the provider did not take the message; the end-to-end cases are in ProviderFailoverTest. */
class FailoverTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new SendFailure(503, "balance", "balance exhausted", 15L), "balance_circuit"),
                Arguments.of(new SendFailure(502, "provider_auth", "credentials refused", null), "credentials"),
                Arguments.of(new SendFailure(429, "provider_throttled", "throttled", 1L), "throttled"),
                Arguments.of(new ProviderCircuitOpen("twilio"), "health_circuit"),
                Arguments.of(new ConnectException("Connection refused"), "unreachable"),
                Arguments.of(new NoRouteToHostException("No route to host"), "unreachable"),
                // a DNS failure, as Vert.x reports it: wrapped, the host never resolved
                Arguments.of(new VertxException(new UnknownHostException("sms.invalid")), "unreachable"),
                // the message may have gone out
                Arguments.of(new TimeoutException("no answer within 10000 ms"), null),
                Arguments.of(new SocketException("Connection reset"), null),
                Arguments.of(new IOException("Connection was closed"), null),
                Arguments.of(new SendFailure(502, "provider_error", "the provider failed (500)", null), null),
                // the provider refused the number: never carried to the other one
                Arguments.of(new SendFailure(400, "provider_rejected", "21211 invalid 'To'", null), null),
                Arguments.of(new SendFailure(400, "provider_fraud_block", "30450 pumping", null), null));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failsOverOnlyWhenTheProviderCertainlyDidNotAccept(Exception failure, String cause) {
        assertThat(Failover.certainlyNotAccepted(failure)).isEqualTo(cause);
    }
}
