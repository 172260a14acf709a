package io.smsgateway.protection.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.message.SendFailure;
import io.smsgateway.state.MemoryFraudBlocks;
import io.smsgateway.state.MemoryFraudCounters;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Rule 4 with its defaults: a block of adjacent numbers trips it, a large stream of real users never does. */
class AdjacentNumberRuleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final FraudProperties properties = defaults();
    private final Receivers receivers = new Receivers(properties);
    private final FraudDecisions decisions = new FraudDecisions(new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final AdjacentNumberRule rule = new AdjacentNumberRule(properties, new MemoryFraudCounters(200_000, NOW::toEpochMilli),
            new AutomaticBlocks(new MemoryFraudBlocks(200_000, NOW::toEpochMilli), decisions, properties));
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void neverTripsOnAHundredThousandRandomMobileNumbersOfOneCountryInOneWindow() {
        Random random = new Random(20261130);
        for (int i = 0; i < 100_000; i++) {
            // Indian mobile numbers: 10 digits from 6 to 9, a country of 1.4 billion
            String number = "+91" + (6 + random.nextInt(4)) + String.format("%09d", random.nextInt(1_000_000_000));
            rule.check(exchange(new Receiver(number, "IN", PhoneNumberType.MOBILE, number.substring(0, number.length() - 3), 2)));
        }

        assertThat(decisions.recent()).isEmpty();
    }

    @Test
    void blocksTheEleventhReceiverOfOnePrefixWithinTheWindow() {
        for (int i = 0; i < 10; i++) {
            rule.check(exchange("+919876543" + String.format("%03d", i)));
        }

        assertThatThrownBy(() -> rule.check(exchange("+919876543010")))
                .isInstanceOfSatisfying(SendFailure.class, refused -> assertThat(refused.status()).isEqualTo(403))
                .hasMessage("too many different receivers in +919876543xxx in a short time: blocked until "
                        + NOW.plus(Duration.ofMinutes(15)));
    }

    private Exchange exchange(String number) {
        return exchange(receivers.of(number));
    }

    private Exchange exchange(Receiver receiver) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Receiver.PROPERTY, receiver);
        return exchange;
    }

    /** The defaults of application.yaml. */
    static FraudProperties defaults() {
        return new FraudProperties(
                new FraudProperties.NumberTypes(RuleMode.BLOCK, Set.of(PhoneNumberType.PREMIUM_RATE), Set.of(PhoneNumberType.VOIP)),
                new FraudProperties.Geo(RuleMode.BLOCK, Set.of(), Set.of()),
                new FraudProperties.Adjacent(RuleMode.BLOCK, 3, 10, Duration.ofMinutes(10)),
                new FraudProperties.Unverified(RuleMode.MONITOR, Duration.ofHours(24), 20, 5, 0.3),
                new FraudProperties.Blocks(Duration.ofMinutes(15), Duration.ofHours(12)),
                new FraudProperties.Policy((Path) null, Duration.ofSeconds(5)));
    }
}
