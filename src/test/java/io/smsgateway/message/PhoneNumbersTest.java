package io.smsgateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+15558675310, +15558675310",
            "+1 555 867 5310, +15558675310",
            "+1 (555) 867-5310, +15558675310",
            "+1.555.867.5310, +15558675310",
            "+39 333 123 4567, +393331234567",
            "+39 06 1234 5678, +390612345678",
            "+44 20 7946 0958, +442079460958",
            "+800 1234 5678, +80012345678",
    })
    void normalisesToE164(String text, String e164) {
        assertThat(PhoneNumbers.toE164(text, false)).isEqualTo(e164);
    }

    @Test
    void strictModeAlsoRequiresAnAssignedRange() {
        assertThat(PhoneNumbers.toE164("+15558675310", false)).isEqualTo("+15558675310");
        assertThatThrownBy(() -> PhoneNumbers.toE164("+15558675310", true))
                .hasMessage("is not in an assigned number range (SMS_STRICT_NUMBERS is on)");
        assertThat(PhoneNumbers.toE164("+14155552671", true)).isEqualTo("+14155552671");
        assertThat(PhoneNumbers.toE164("+393331234567", true)).isEqualTo("+393331234567");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "15558675310 | must be a number in international format",
            "+ | must be a number in international format",
            "++15558675310 | must be a number in international format",
            "+1555867531x | must be a number in international format",
            "+1_555_867_5310 | must be a number in international format",
            "+9991234567 | has an unknown country calling code",
            "+1555 | is too short for its country",
            "+3933312345678901 | is too long for its country",
            "+1 555 0191 | is a local number only",
    })
    void refusesImpossibleNumbers(String text, String reason) {
        assertThatThrownBy(() -> PhoneNumbers.toE164(text, false)).hasMessageStartingWith(reason);
    }

    @Test
    void masksAllButTheCountryCodeAndTheLastThreeDigits() {
        assertThat(PhoneNumbers.mask("+393331234567")).isEqualTo("+39*******567");
        assertThat(PhoneNumbers.mask("+15558675310")).isEqualTo("+1*******310");
        assertThat(PhoneNumbers.mask("+447400123456")).isEqualTo("+44*******456");
        assertThat(PhoneNumbers.mask("+8613812345678")).isEqualTo("+86********678");
        assertThat(PhoneNumbers.mask("+99912345678")).as("no such calling code").isEqualTo("***");
        assertThat(PhoneNumbers.mask("ACME")).isEqualTo("***");
        assertThat(PhoneNumbers.mask(null)).isEqualTo("***");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "The 'To' number +15035550001 is not a valid phone number. | The 'To' number +1*******001 is not a valid phone number.",
            "Invalid mobile number 919999999123 for sender | Invalid mobile number *********123 for sender",
            "To +39 333 123 4567 and +1 (503) 555-0001 | To +39*******567 and +1*******001",
            "code 21211, HTTP 400, 2 segments | code 21211, HTTP 400, 2 segments",
    })
    void masksEveryNumberInAText(String text, String masked) {
        assertThat(PhoneNumbers.maskAll(text)).isEqualTo(masked);
    }
}
