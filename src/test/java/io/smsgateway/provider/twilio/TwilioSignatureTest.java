package io.smsgateway.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** X-Twilio-Signature against the example of Twilio's own documentation and request validators. */
class TwilioSignatureTest {

    // https://www.twilio.com/docs/usage/security: auth token 12345, this URL and these parameters
    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+14158675309"), "Digits", List.of("1234"),
            "From", List.of("+14158675309"), "To", List.of("+18005551212"));
    private static final String DOCUMENTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    @Test
    void isTheSignatureTwilioDocuments() {
        assertThat(TwilioSignature.of(TOKEN, URL, PARAMETERS)).isEqualTo(DOCUMENTED);
        assertThat(TwilioSignature.matches(DOCUMENTED, TOKEN, URL, PARAMETERS)).isTrue();
    }

    @Test
    void sortsARepeatedParametersValuesAsTwilioDoes() {
        Map<String, List<String>> repeated = Map.of("Sid", List.of("CA123"), "SidAccount", List.of("AC123"),
                "Digits", List.of("5678", "1234", "1234"));

        assertThat(TwilioSignature.of(TOKEN, URL, repeated)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    @Test
    void acceptsTheUrlWithOrWithoutItsDefaultPortAsTwiliosValidatorsDo() {
        String withPort = TwilioSignature.of(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMETERS);

        assertThat(TwilioSignature.matches(withPort, TOKEN, URL, PARAMETERS)).isTrue();
        assertThat(TwilioSignature.otherDefaultPortForm("http://gw.example:80/callbacks/twilio")).isEqualTo("http://gw.example/callbacks/twilio");
        assertThat(TwilioSignature.otherDefaultPortForm("https://gw.example:8443/callbacks/twilio"))
                .isEqualTo("https://gw.example:8443/callbacks/twilio");
        assertThat(TwilioSignature.matches(TwilioSignature.of(TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", PARAMETERS),
                TOKEN, URL, PARAMETERS)).as("another port").isFalse();
    }

    @Test
    void refusesAnotherUrlTokenParameterOrNone() {
        assertThat(TwilioSignature.matches(DOCUMENTED, TOKEN, "https://attacker.example/myapp.php?foo=1&bar=2", PARAMETERS)).isFalse();
        assertThat(TwilioSignature.matches(DOCUMENTED, "54321", URL, PARAMETERS)).isFalse();
        assertThat(TwilioSignature.matches(DOCUMENTED, TOKEN, URL, Map.of("Digits", List.of("1234")))).isFalse();
        assertThat(TwilioSignature.matches(null, TOKEN, URL, PARAMETERS)).isFalse();
        assertThat(TwilioSignature.matches("", TOKEN, URL, PARAMETERS)).isFalse();
    }
}
