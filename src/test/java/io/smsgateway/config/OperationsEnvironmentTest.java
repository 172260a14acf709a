package io.smsgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class OperationsEnvironmentTest {

    @ParameterizedTest(name = "LOG_LEVEL={0} -> {1}")
    @CsvSource({"trace, trace", "debug, debug", "info, info", "warn, warn", "error, error", "fatal, error",
            "silent, off", "INFO, info"})
    void takesMiaPlatformLevelNames(String given, String level) {
        assertThat(apply(new MockEnvironment().withProperty("LOG_LEVEL", given)).getProperty("logging.level.root"))
                .isEqualTo(level);
    }

    @Test
    void defaultsToInfoTextAndTenSeconds() {
        MockEnvironment environment = apply(new MockEnvironment());

        assertThat(environment.getProperty("logging.level.root")).isEqualTo("info");
        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("10000ms");
        assertThat(environment.getProperty("camel.main.shutdown-timeout")).isEqualTo("10");
    }

    @Test
    void jsonFormatIsStructuredLogging() {
        assertThat(apply(new MockEnvironment().withProperty("LOG_FORMAT", "json"))
                .getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void shutdownTimeoutTakesTheDurationGrammar() {
        MockEnvironment environment = apply(new MockEnvironment().withProperty("SHUTDOWN_TIMEOUT", "2500"));

        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("2500ms");
        assertThat(environment.getProperty("camel.main.shutdown-timeout")).isEqualTo("3");
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> apply(new MockEnvironment().withProperty("LOG_LEVEL", "verbose")))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("LOG_LEVEL must be");
        assertThatThrownBy(() -> apply(new MockEnvironment().withProperty("LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("LOG_FORMAT must be");
        assertThatThrownBy(() -> apply(new MockEnvironment().withProperty("SHUTDOWN_TIMEOUT", "soon")))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("SHUTDOWN_TIMEOUT is invalid");
    }

    private static MockEnvironment apply(MockEnvironment environment) {
        new OperationsEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
