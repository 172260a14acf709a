package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Ports;
import io.smsgateway.support.Redis;
import io.smsgateway.support.RedisServer;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * routes/ops-api.camel.yaml: the Mia-Platform probes follow what the service depends on — the
 * first balance check, Redis in redis mode, the broker, the provider for check-up — while
 * liveness stays up.
 */
class OpsApiRouteTest {

    private final RedisServer redis = new RedisServer();

    @AfterEach
    void stopRedis() {
        redis.stop();
    }

    @Test
    void readinessFollowsTheFirstBalanceCheckRedisAndTheBrokerWhileLivenessStaysUp() throws Exception {
        redis.start();
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("9.00").withFixedDelay(3000)));

        try (ConfigurableApplicationContext service = start()) {
            SendClient ops = new SendClient(port(service));

            assertProbe(ops.get("/-/ready"), 503, "KO");
            assertProbe(ops.get("/-/healthz"), 200, "OK");

            await().atMost(Duration.ofSeconds(10)).until(() -> ops.get("/-/ready").statusCode() == 200);
            assertProbe(ops.get("/-/ready"), 200, "OK");
            assertProbe(ops.get("/-/check-up"), 200, "OK");
            assertThat(ops.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

            // the provider refuses our credentials: check-up says so, readiness does not depend on it
            SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.error(401, 20003, "Authenticate")));
            // check-up keeps its provider verdict for SMS_CHECKUP_CACHE (1 s here)
            await().atMost(Duration.ofSeconds(5)).until(() -> ops.get("/-/check-up").statusCode() == 503);
            assertProbe(ops.get("/-/check-up"), 503, "KO");
            assertProbe(ops.get("/-/ready"), 200, "OK");
            SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("9.00")));

            redis.stop();
            assertProbe(ops.get("/-/ready"), 503, "KO");
            assertThat(ops.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertProbe(ops.get("/-/healthz"), 200, "OK");
            redis.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> ops.get("/-/ready").statusCode() == 200);

            service.getBean(EmbeddedActiveMQ.class).stop();
            // the JMS connection factory may hand out its cached connection until it hears the broker
            // is gone: readiness follows within a probe period or two
            await().atMost(Duration.ofSeconds(10)).until(() -> ops.get("/-/ready").statusCode() == 503);
            assertProbe(ops.get("/-/ready"), 503, "KO");
            assertProbe(ops.get("/-/healthz"), 200, "OK");
        }
    }

    private static void assertProbe(HttpResponse<String> answer, int status, String verdict) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode body = SendClient.body(answer);
        assertThat(body.get("status").asText()).isEqualTo(verdict);
        assertThat(body.get("name").asText()).isEqualTo("sms-gateway");
        assertThat(body.get("version").asText()).isNotBlank();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--TWILIO_EMPTY_BALANCE_CHECK=true",
                "--BALANCE_CHECK_INTERVAL=1m",
                "--SMS_CHECKUP_CACHE=1s",
                "--SMS_STATE_STORE=redis",
                "--REDIS_URL=" + redis.url(),
                "--SMS_REDIS_PREFIX=" + Redis.prefix("ops")));
    }



    private static int port(ConfigurableApplicationContext context) {
        return Ports.of(context);
    }
}
