package io.smsgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MsDurationTest {

    @ParameterizedTest(name = "''{0}'' = {1} ms")
    @CsvSource(delimiter = '=', value = {
            "60000 = 60000",
            "1 = 1",
            "100ms = 100",
            "100 ms = 100",
            "5 msecs = 5",
            "5 msec = 5",
            "250 milliseconds = 250",
            "1 millisecond = 1",
            "10s = 10000",
            "10 sec = 10000",
            "10 secs = 10000",
            "1 second = 1000",
            "30 seconds = 30000",
            "1m = 60000",
            "1 min = 60000",
            "2 mins = 120000",
            "1 minute = 60000",
            "5 minutes = 300000",
            "1h = 3600000",
            "2 hours = 7200000",
            "1 hr = 3600000",
            "3 hrs = 10800000",
            "1.5h = 5400000",
            "1d = 86400000",
            "2 days = 172800000",
            "1 day = 86400000",
            "1w = 604800000",
            "1 week = 604800000",
            "2 weeks = 1209600000",
            "1y = 31557600000",
            "1 year = 31557600000",
            "2 yrs = 63115200000",
            ".5s = 500",
            "1.5 minutes = 90000",
            "1 MINUTE = 60000",
            "10S = 10000",
            "1   minute = 60000",
    })
    void parsesTheOriginalsGrammar(String text, long millis) {
        assertThat(MsDuration.parseMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "0", "0ms", "0.4ms", "-1", "-5s", "1 fortnight", "minute", "1.5.5s", "1 minute ago",
            " 1s", "1s ", "1,5s", "1e3", "ten seconds", "1 minutes 30 seconds", "PT1M", "1mo"})
    void refusesWhatIsOutsideTheGrammarOrNotPositive(String text) {
        assertThatThrownBy(() -> MsDuration.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a positive duration");
    }

    @org.junit.jupiter.api.Test
    void refusesNothingAndOverlongText() {
        assertThatThrownBy(() -> MsDuration.parseMillis(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsDuration.parseMillis("1".repeat(101))).isInstanceOf(IllegalArgumentException.class);
    }
}
