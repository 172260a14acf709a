package io.smsgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import io.smsgateway.SmsGatewayApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up says when /send is open to whoever reaches the port: no SMS_API_KEYS, and the server
 * listening beyond loopback (server.address unset: every interface). It still starts, as the
 * original did.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenSendWarningTest {

    private static final String WARNING = "/send is open: SMS_API_KEYS is not set";

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(List.<String>of(), true),
                Arguments.of(List.of("--server.address=0.0.0.0"), true),
                Arguments.of(List.of("--SMS_API_KEYS=key-of-the-ops-team"), false),
                Arguments.of(List.of("--server.address=127.0.0.1"), false));
    }

    @ParameterizedTest(name = "{0}: warns {1}")
    @MethodSource("configurations")
    void warnsWhenSendIsOpenBeyondLoopback(List<String> arguments, boolean warns, CapturedOutput output) {
        String[] args = Stream.concat(Stream.of("--server.port=0", "--SERVICE_PROVIDER=console"), arguments.stream())
                .toArray(String[]::new);

        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SmsGatewayApplication.class).run(args)) {
            assertThat(service.isActive()).isTrue();
        }

        List<String> warnings = output.getAll().lines().filter(line -> line.contains(WARNING)).toList();
        assertThat(warnings).hasSize(warns ? 1 : 0);
        warnings.forEach(line -> assertThat(line).contains(" WARN "));
    }
}
