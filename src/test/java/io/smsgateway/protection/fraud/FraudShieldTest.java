package io.smsgateway.protection.fraud;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Folders;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.SettableClock;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * routes/fraud-shield.camel.yaml through the real pipeline: each rule refuses by what the traffic
 * is, with 403 and no provider call, or only records it in monitor mode; overrides and the policy
 * file steer it without a restart. The protections' clock is the test's.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_FRAUD_ADJACENT_THRESHOLD=3",
                "SMS_FRAUD_BLOCK_DURATION=1m",
                "SMS_FRAUD_BLOCK_MAX_DURATION=10m",
                "SMS_FRAUD_POLICY_RELOAD=100ms"
        })
@DirtiesContext
class FraudShieldTest extends StubbedProviderTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final SettableClock CLOCK = new SettableClock(START);
    private static final Path POLICY = Folders.create("fraud-policy-").resolve("policy.yaml");

    @TestBean
    Clock clock;

    @Autowired
    MeterRegistry meters;

    static Clock clock() {
        return CLOCK;
    }

    private static final String POLICY_OF_EACH_TEST = """
            countries:
              blocked: [RU]
            overrides:
              - allow: "+447400456"
                until: 2026-01-01T00:05:00Z
                reason: the QA team's test range
              - allow: "+449098765"
                reason: not forced, so the number type still counts
            """;

    @Autowired
    FraudPolicies policies;

    @DynamicPropertySource
    static void policyFile(DynamicPropertyRegistry registry) {
        writePolicy(POLICY_OF_EACH_TEST);
        registry.add("SMS_FRAUD_POLICY_FILE", POLICY::toString);
    }

    @BeforeEach
    void providerAndPolicy() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        writePolicy(POLICY_OF_EACH_TEST);
        await().atMost(Duration.ofSeconds(5)).until(() -> policies.current().countriesAllowed().isEmpty()
                && policies.current().overrides().size() == 2);
    }

    @Test
    void refusesPremiumRateAndSharedCostNumbersWithoutAProviderCall() {
        double before = decisions("number_type", "block", "GB");

        HttpResponse<String> premium = api.send("ACME", "+449098765432", "Your code is 123456");
        HttpResponse<String> sharedCost = api.send("ACME", "+33810123456", "Your code is 123456");

        assertRefused(premium, "receiver is a premium-rate number");
        assertRefused(sharedCost, "receiver is a shared-cost number");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        assertThat(decisions("number_type", "block", "GB")).isEqualTo(before + 1);
    }

    @Test
    void recordsVoipNumbersAndSendsToThem() {
        double before = decisions("number_type", "monitor", "GB");

        HttpResponse<String> voip = api.send("ACME", "+445612345678", "Your code is 123456");

        assertThat(voip.statusCode()).isEqualTo(200);
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        assertThat(decisions("number_type", "monitor", "GB")).isEqualTo(before + 1);
    }

    @Test
    void refusesACountryThePolicyBlocksAndTakesAnEditedPolicyWithoutARestart() {
        assertRefused(api.send("ACME", "+79161234567", "hi"), "messages to RU are not allowed by this gateway's country rules");

        writePolicy("""
                countries:
                  allowed: [GB, IT]
                """);
        // no restart: the file is read again within its reload interval
        await().atMost(Duration.ofSeconds(5)).until(() -> policies.current().countriesAllowed().contains("IT"));
        assertThat(api.send("ACME", "+393331234567", "hi").statusCode()).isEqualTo(200);
        assertThat(api.send("ACME", "+79161234567", "hi").statusCode()).as("RU: no more blocked, but not allowed").isEqualTo(403);
        assertRefused(api.send("ACME", "+4915112345678", "hi"), "messages to DE are not allowed");
    }

    @Test
    void blocksAPrefixPastTheThresholdOfDistinctReceiversAndLongerOnRepeat() {
        for (String receiver : new String[] {"+447400123001", "+447400123002", "+447400123003"}) {
            assertThat(api.send("ACME", receiver, "Your code is 123456").statusCode()).isEqualTo(200);
        }
        Instant now = CLOCK.instant();

        HttpResponse<String> fourth = api.send("ACME", "+447400123004", "Your code is 123456");
        HttpResponse<String> again = api.send("ACME", "+447400123001", "Your code is 123456");

        assertRefused(fourth, "too many different receivers in +447400123xxx in a short time: blocked until " + now.plusSeconds(60));
        assertRefused(again, "too many different receivers in +447400123xxx");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(3);

        // the block ends; traffic to a fifth receiver of the prefix trips it again, for twice as long
        CLOCK.advance(Duration.ofSeconds(61));
        Instant later = CLOCK.instant();
        assertRefused(api.send("ACME", "+447400123005", "hi"),
                "too many different receivers in +447400123xxx in a short time: blocked until " + later.plusSeconds(120));
    }

    @Test
    void anAllowOverrideBeatsTheAutomaticBlocksUntilItExpiresButNotTheNumberType() {
        for (int i = 0; i < 6; i++) {
            assertThat(api.send("ACME", "+447400456" + String.format("%03d", i), "hi").statusCode()).as("receiver %d", i).isEqualTo(200);
        }
        assertRefused(api.send("ACME", "+449098765432", "hi"), "receiver is a premium-rate number");

        CLOCK.advance(Duration.ofMinutes(6)); // past the override's until
        IntStream.range(10, 13).forEach(i -> assertThat(api.send("ACME", "+4474004560" + i, "hi").statusCode()).isEqualTo(200));
        assertRefused(api.send("ACME", "+447400456013", "hi"), "too many different receivers in +447400456xxx");
    }

    @Test
    void aForcedAllowPassesTheCountryRules() {
        writePolicy("""
                countries:
                  allowed: [GB]
                overrides:
                  - allow: KZ
                    force: true
                """);
        await().atMost(Duration.ofSeconds(5)).until(() -> policies.current().overrides().size() == 1);

        assertRefused(api.send("ACME", "+393331234567", "hi"), "messages to IT are not allowed");
        assertThat(api.send("ACME", "+77012345678", "hi").statusCode()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> answer, String message) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(SendClient.body(answer).get("error").asText()).isEqualTo("Forbidden");
        assertThat(SendClient.body(answer).get("message").asText()).startsWith(message);
    }

    private double decisions(String rule, String action, String country) {
        Counter counter = meters.find("sms.fraud.decisions").tags("rule", rule, "action", action, "country", country).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void writePolicy(String yaml) {
        try {
            Path staging = Files.createTempFile(POLICY.getParent(), "policy-", ".tmp");
            Files.writeString(staging, yaml);
            Files.move(staging, POLICY, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
