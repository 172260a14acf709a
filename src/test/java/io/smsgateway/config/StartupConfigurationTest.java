package io.smsgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.smsgateway.SmsGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A missing or invalid required variable stops start-up with one line naming it. */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTest {

    private static final String TWILIO = "--SERVICE_PROVIDER=twilio";
    private static final String KALEYRA = "--SERVICE_PROVIDER=kaleyra";

    static Stream<Arguments> misconfigurations() {
        return Stream.of(
                Arguments.of(List.of("--SERVICE_PROVIDER="), "SERVICE_PROVIDER is required: twilio, kaleyra or console"),
                Arguments.of(List.of("--SERVICE_PROVIDER=sms77"), "SERVICE_PROVIDER must be twilio, kaleyra or console (got 'sms77')"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=", "--TWILIO_AUTH_TOKEN=t"), "TWILIO_ACCOUNT_SID is required"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=XX1", "--TWILIO_AUTH_TOKEN=t"), "TWILIO_ACCOUNT_SID must start with AC"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_AUTH_TOKEN="), "TWILIO_AUTH_TOKEN is required"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_API_KEY=SK1", "--TWILIO_API_SECRET="),
                        "TWILIO_API_SECRET is required"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_AUTH_TOKEN=t", "--TWILIO_BASE_URL=api.twilio.com"),
                        "TWILIO_BASE_URL must be an http(s) URL"),
                Arguments.of(List.of(KALEYRA, "--KALEYRA_BASE_URL=", "--KALEYRA_API_KEY=k", "--KALEYRA_SID=s"),
                        "KALEYRA_BASE_URL is required"),
                // the secondary provider is configured as fully as the primary
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_AUTH_TOKEN=t", "--SMS_SECONDARY_PROVIDER=kaleyra"),
                        "KALEYRA_BASE_URL is required"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_AUTH_TOKEN=t", "--SMS_SECONDARY_PROVIDER=twilio"),
                        "SMS_SECONDARY_PROVIDER must be none, or twilio or kaleyra other than SERVICE_PROVIDER (got 'twilio')"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_AUTH_TOKEN=t", "--PROVIDER_CIRCUIT_OPEN_TIME=500ms"),
                        "PROVIDER_CIRCUIT_OPEN_TIME must be 1s or longer"),
                Arguments.of(List.of(TWILIO, "--TWILIO_ACCOUNT_SID=AC1", "--TWILIO_AUTH_TOKEN=t", "--PROVIDER_CIRCUIT_FAILURE_RATE=0"),
                        "PROVIDER_CIRCUIT_FAILURE_RATE must be a percentage, 1 to 100 (got 0)"),
                Arguments.of(List.of(KALEYRA, "--KALEYRA_BASE_URL=https://api.kaleyra.io", "--KALEYRA_API_KEY=", "--KALEYRA_SID=s"),
                        "KALEYRA_API_KEY is required"),
                Arguments.of(List.of(KALEYRA, "--KALEYRA_BASE_URL=https://api.kaleyra.io", "--KALEYRA_API_KEY=k", "--KALEYRA_SID="),
                        "KALEYRA_SID is required"),
                Arguments.of(List.of(KALEYRA, "--KALEYRA_BASE_URL=https://api.kaleyra.io/", "--KALEYRA_API_KEY=k", "--KALEYRA_SID=s"),
                        "KALEYRA_BASE_URL must be an http(s) URL without a trailing slash"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--PROVIDER_TIMEOUT=soon"), "PROVIDER_TIMEOUT is invalid"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_FRAUD_COUNTRIES_BLOCKED=RU,UK"),
                        "SMS_FRAUD_COUNTRIES_BLOCKED holds 'UK', which is not an ISO 3166 alpha-2 country code"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_FRAUD_POLICY_FILE=" + policyFile("countries: {blocked: [RU, XX]}")),
                        "SMS_FRAUD_POLICY_FILE ("),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_STATE_STORE=redis", "--SMS_REDIS_KEY_SECRET="),
                        "SMS_REDIS_KEY_SECRET is required: with SMS_STATE_STORE=redis"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_STATE_STORE=redis", "--SMS_REDIS_KEY_SECRET=short"),
                        "SMS_REDIS_KEY_SECRET must be at least 16 characters (got 5)"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_REQUIRE_API_KEYS=true"),
                        "SMS_API_KEYS is required: SMS_REQUIRE_API_KEYS=true"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_REQUIRE_API_KEYS=true", "--SMS_API_KEYS=replace-with-your-api-keys"),
                        "SMS_API_KEYS still holds the placeholder of deploy/kubernetes/secret.yaml"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_PUBLIC_URL=sms.example.com"),
                        "SMS_PUBLIC_URL must be an http(s) URL without query"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--KALEYRA_CALLBACK_SECRET=short"),
                        "KALEYRA_CALLBACK_SECRET must be 16 or more"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_STATUS_TTL=0"),
                        "SMS_STATUS_TTL must be a positive duration"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_CALLBACK_SECRET=short"),
                        "SMS_CALLBACK_SECRET must be at least 16 characters"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_CALLBACK_MAX_ATTEMPTS=0"),
                        "SMS_CALLBACK_MAX_ATTEMPTS must be 1 to 20 (got 0)"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_CALLBACK_TIMEOUT=0s"),
                        "SMS_CALLBACK_TIMEOUT must be a positive duration"),
                Arguments.of(List.of("--SERVICE_PROVIDER=console", "--SMS_CONSOLE_HISTORY_INTERVAL=1m", "--SMS_CONSOLE_HISTORY_SPAN=30s"),
                        "SMS_CONSOLE_HISTORY_SPAN must be SMS_CONSOLE_HISTORY_INTERVAL or longer"));
    }

    private static Path policyFile(String yaml) {
        try {
            Path file = Files.createTempFile("fraud-policy-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("misconfigurations")
    void stopsWithOneLineNamingTheVariable(List<String> arguments, String line, CapturedOutput output) {
        String[] args = Stream.concat(arguments.stream(), Stream.of("--server.port=0")).toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(SmsGatewayApplication.class).run(args))
                .hasRootCauseInstanceOf(ConfigurationError.class);

        List<String> naming = Arrays.stream(output.getAll().split("\\R"))
                .filter(text -> text.startsWith("Invalid configuration: ")).toList();
        assertThat(naming).hasSize(1);
        assertThat(naming.get(0)).startsWith("Invalid configuration: " + line);
    }

    /** A value of the wrong kind is refused by the binding itself, which names the variable and its words. */
    @Test
    void namesAVariableWhoseValueIsNotOneOfItsWords(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SmsGatewayApplication.class)
                .run("--SERVICE_PROVIDER=console", "--SMS_FRAUD_ADJACENT=sometimes", "--server.port=0"));

        List<String> naming = Arrays.stream(output.getAll().split("\\R"))
                .filter(text -> text.startsWith("Invalid configuration: ")).toList();
        assertThat(naming).containsExactly(
                "Invalid configuration: SMS_FRAUD_ADJACENT must be one of block, monitor, off (got 'sometimes')");
    }
}
