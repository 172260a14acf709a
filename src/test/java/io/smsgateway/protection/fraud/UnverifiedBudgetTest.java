package io.smsgateway.protection.fraud;

import static io.smsgateway.support.ProviderStub.SERVER;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule 5 in block mode, as an operator whose application reports its verifications sets it: a
 * country whose codes nobody uses is blocked past its floor, while one whose users verify keeps
 * sending.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_FRAUD_UNVERIFIED=block",
                "SMS_FRAUD_UNVERIFIED_COUNTRY_FLOOR=3",
                "SMS_FRAUD_UNVERIFIED_PREFIX_FLOOR=3"
        })
@DirtiesContext
class UnverifiedBudgetTest extends StubbedProviderTest {

    @Autowired
    MeterRegistry meters;

    // the operator's home country: more sign-ups typing their codes at once than the default floor
    @DynamicPropertySource
    static void policyWithAHomeCountryFloor(DynamicPropertyRegistry registry) {
        registry.add("SMS_FRAUD_POLICY_FILE", () -> {
            try {
                Path policy = Files.createTempFile("policy-floors-", ".yaml");
                Files.writeString(policy, "unverified:\n  countryFloors: {NL: 8}\n");
                return policy.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @BeforeEach
    void provider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    @Test
    void blocksACountryWithoutVerificationsPastItsFloorWhileAVerifyingCountryKeepsSending() {
        // French mobiles, each in a prefix of its own: only the country's unverified count grows
        for (String receiver : new String[] {"+33612345001", "+33622345001", "+33632345001"}) {
            assertThat(api.send("ACME", receiver, "Your code is 123456").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> fourth = api.send("ACME", "+33642345001", "Your code is 123456");

        assertThat(fourth.statusCode()).isEqualTo(403);
        assertThat(SendClient.body(fourth).get("message").asText()).startsWith("too many unverified messages to FR: blocked until");

        // Italian users use their codes, by sid and by receiver: the country never runs out
        for (int i = 0; i < 8; i++) {
            String receiver = "+3933" + i + "1234567";
            HttpResponse<String> sent = api.send("ACME", receiver, "Your code is 123456");
            assertThat(sent.statusCode()).as("send %d", i).isEqualTo(200);
            String report = i % 2 == 0 ? "{\"sid\":\"" + SendClient.body(sent).get("sid").asText() + "\"}"
                    : "{\"receiver\":\"" + receiver + "\"}";
            assertThat(api.post("/verifications", report, "application/json").statusCode()).isEqualTo(200);
        }
        assertThat(meters.get("sms.conversion.ratio").tag("country", "IT").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("sms.conversion.ratio").tag("country", "FR").gauge().value()).isZero();
    }

    @Test
    void countsAVerificationOnceAndRefusesOneForNoRecentMessage() {
        HttpResponse<String> sent = api.send("ACME", "+4915112345678", "Your code is 123456");
        String sid = "{\"sid\":\"" + SendClient.body(sent).get("sid").asText() + "\"}";

        HttpResponse<String> first = api.post("/verifications", sid, "application/json");
        HttpResponse<String> repeated = api.post("/verifications", sid, "application/json");
        HttpResponse<String> unknown = api.post("/verifications", "{\"sid\":\"SMnothing\"}", "application/json");
        HttpResponse<String> empty = api.post("/verifications", "{}", "application/json");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(SendClient.body(first).get("alreadyVerified").asBoolean()).isFalse();
        assertThat(SendClient.body(repeated).get("alreadyVerified").asBoolean()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(SendClient.body(unknown).get("statusCode").asInt()).isEqualTo(404);
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    @Test
    void racingSendsToACountryGetNoMoreThanItsFloorAndASendTheProviderRefusedSpendsNone() {
        // Spain: the provider refuses one number (21211); refused, it never went out, so it leaves
        // the whole floor of 3 to the sends below
        SERVER.stubFor(TwilioStub.send().withRequestBody(containing("To=%2B34699999999"))
                .willReturn(TwilioStub.error(400, 21211, "The 'To' number is not a valid phone number.")));
        assertThat(api.send("ACME", "+34699999999", "Your code is 123456").statusCode()).isEqualTo(400);

        // 20 sends at once, each in a prefix of its own: exactly the floor reaches the provider
        List<CompletableFuture<HttpResponse<String>>> racing = IntStream.range(0, 20)
                .mapToObj(i -> api.postAsync("/send", SendClient.json("ACME", "+346" + (10 + i) + "123456", "Your code is 123456"),
                        "application/json")).toList();
        List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 403).hasSize(17);
        SERVER.verify(3, TwilioStub.sends().withRequestBody(matching(".*To=%2B346[12][0-9]123456.*")));
    }

    @Test
    void aCountryWithAFloorOfItsOwnInThePolicyFileSendsUpToIt() {
        // Dutch mobiles, each in a prefix of its own: the country floor decides, 8 here instead of 3
        List<Integer> statuses = IntStream.range(0, 9)
                .mapToObj(i -> api.send("ACME", "+3161" + i + "234567", "Your code is 123456").statusCode()).toList();

        assertThat(statuses.subList(0, 8)).containsOnly(200);
        assertThat(statuses.get(8)).isEqualTo(403);
    }
}
