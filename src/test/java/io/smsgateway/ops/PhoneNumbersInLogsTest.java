package io.smsgateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.smsgateway.support.Numbers;
import io.smsgateway.support.ProviderStub;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.ServiceProcess;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;

/**
 * The provider's error texts name the receiver in full (Twilio 21211: "The 'To' number +1... is not a
 * valid phone number."). Logging at DEBUG, where Camel writes every failure's message, the number is
 * masked before it reaches an exception, the answer or any line. The service runs in a JVM of its
 * own, and everything it writes is searched.
 */
class PhoneNumbersInLogsTest {

    @Test
    void masksTheNumberInAProviderErrorTextEverywhere() {
        String number = Numbers.unique();
        String digits = number.substring(2);
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().withFormParam("To", equalTo(number)).willReturn(
                TwilioStub.error(400, 21211, "The 'To' number " + number + " is not a valid phone number.")));
        HttpResponse<String> refused;
        String logs;

        try (ServiceProcess service = ServiceProcess.start(
                "--SERVICE_PROVIDER=twilio",
                "--TWILIO_ACCOUNT_SID=" + TwilioStub.ACCOUNT_SID,
                "--TWILIO_AUTH_TOKEN=" + TwilioStub.AUTH_TOKEN,
                "--TWILIO_BASE_URL=" + ProviderStub.baseUrl(),
                "--LOG_LEVEL=debug")) {
            refused = service.api().send("ACME", number, "hi");
            logs = service.output();
        }

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(SendClient.body(refused).get("message").asText())
                .isEqualTo("Twilio rejected the message: 21211 The 'To' number " + masked(number) + " is not a valid phone number.");
        assertThat(logs).as("logging at debug").contains(" DEBUG ").contains("21211");
        assertThat(logs).as("logs").doesNotContain(digits);
    }

    private static String masked(String number) {
        return "+1" + "*".repeat(number.length() - 5) + number.substring(number.length() - 3);
    }
}
