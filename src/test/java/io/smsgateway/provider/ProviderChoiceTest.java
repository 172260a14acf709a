package io.smsgateway.provider;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.smsgateway.message.Providers;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A route branch naming a provider the service has no settings for fails loudly, never to the console. */
class ProviderChoiceTest {

    private final ProviderChoice choice = new ProviderChoice(new ProviderProperties("twilio", Duration.ofSeconds(10),
            Duration.ofSeconds(5), 100, "none", new ProviderProperties.Circuit(50, 10, 20, Duration.ofSeconds(30), 3)));

    @Test
    void passesTheConfiguredProvider() {
        assertThatCode(() -> choice.check(chosen("twilio"))).doesNotThrowAnyException();
    }

    @Test
    void refusesOneWithoutSettingsOrMisspelledNamingIt() {
        assertThatThrownBy(() -> choice.check(chosen("kaleyra"))).hasMessageContaining("'kaleyra', which is not configured");
        assertThatThrownBy(() -> choice.check(chosen("console"))).hasMessageContaining("'console'");
        assertThatThrownBy(() -> choice.check(chosen("twillio"))).hasMessageContaining("'twillio'");
    }

    private static Exchange chosen(String provider) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Providers.PROPERTY, provider);
        return exchange;
    }
}
