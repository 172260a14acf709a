package io.smsgateway.protection;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.KaleyraStub;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * routes/balance-kaleyra.camel.yaml: Kaleyra's balance at a configured path and field, and the
 * fail mode that allows sends while the balance cannot be read.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=kaleyra",
                "KALEYRA_API_KEY=" + KaleyraStub.API_KEY,
                "KALEYRA_SID=" + KaleyraStub.SID,
                "KALEYRA_EMPTY_BALANCE_CHECK=true",
                "KALEYRA_BALANCE_PATH=/v1/" + KaleyraStub.SID + "/billing/summary",
                "KALEYRA_BALANCE_FIELD=data.balance",
                "BALANCE_CHECK_INTERVAL=1s",
                "BALANCE_CHECK_FAILURE_THRESHOLD=1",
                "BALANCE_CHECK_FAIL_MODE=closed",
                "RATE_LIMIT_MAX_REQUESTS=1000000"
        })
@DirtiesContext
class BalanceKaleyraRouteTest extends StubbedProviderTest {

    private static final String BALANCE_PATH = "/v1/" + KaleyraStub.SID + "/billing/summary";

    @Test
    void readsTheConfiguredFieldWithTheApiKeyAndFollowsIt() {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
        balance("{\"data\": {\"balance\": 0, \"currency\": \"EUR\"}}");
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("KLRHXA", Numbers.unique(), "hi").statusCode() == 503);
        assertThat(SERVER.findAll(WireMock.getRequestedFor(WireMock.urlEqualTo(BALANCE_PATH))).get(0).getHeader("api-key"))
                .isEqualTo(KaleyraStub.API_KEY);
        SERVER.resetRequests();
        assertThat(api.send("KLRHXA", Numbers.unique(), "hi").statusCode()).isEqualTo(503);
        assertThat(SERVER.findAll(KaleyraStub.sends())).as("nothing reaches the provider while the circuit is open").isEmpty();

        balance("{\"data\": {\"balance\": \"3.20\", \"currency\": \"EUR\"}}");

        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("KLRHXA", Numbers.unique(), "hi").statusCode() == 200);
    }

    @Test
    void failModeClosedAllowsSendsWhileTheBalanceCannotBeRead() {
        SERVER.stubFor(KaleyraStub.send().willReturn(KaleyraStub.accepted(202)));
        balance("{\"data\": {\"balance\": 0}}");
        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("KLRHXA", Numbers.unique(), "hi").statusCode() == 503);

        // an answer without the field is a failed check, like an error
        balance("{\"unexpected\": true}");

        await().atMost(Duration.ofSeconds(3)).until(() -> api.send("KLRHXA", Numbers.unique(), "hi").statusCode() == 200);
    }

    private static void balance(String json) {
        SERVER.stubFor(WireMock.get(WireMock.urlEqualTo(BALANCE_PATH)).willReturn(KaleyraStub.json(200, json)));
    }
}
