package io.smsgateway.state;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Ports;
import io.smsgateway.support.Redis;
import io.smsgateway.support.RedisServer;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A Redis of this test's own, on a free port, stopped in the middle and started again: each failure
 * mode behaves as documented, and service comes back without a restart.
 */
class RedisOutageTest {

    private final RedisServer redis = new RedisServer();
    private final String prefix = Redis.prefix("outage");

    @AfterEach
    void stopRedis() {
        redis.stop();
    }

    @Test
    void closedModeRefusesWith503WhileRedisIsAwayAndRecoversByItself() {
        redis.start();
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        try (ConfigurableApplicationContext service = start("closed")) {
            SendClient api = new SendClient(port(service));
            assertThat(api.send("ACME", Numbers.unique(), "before").statusCode()).isEqualTo(200);
            assertThat(health(service)).isEqualTo(Status.UP);

            redis.stop();
            SERVER.resetRequests();
            HttpResponse<String> refused = api.send("ACME", Numbers.unique(), "during");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(SendClient.body(refused).get("message").asText())
                    .isEqualTo("the shared protection state cannot be reached: sends are paused");
            assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
            assertThat(health(service)).isEqualTo(Status.DOWN);

            redis.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> api.send("ACME", Numbers.unique(), "after").statusCode() == 200);
            assertThat(health(service)).isEqualTo(Status.UP);
        }
    }

    @Test
    void localModeFallsBackToMemoryCountedAndReturnsToRedisByItself() {
        redis.start();
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        try (ConfigurableApplicationContext service = start("local")) {
            SendClient api = new SendClient(port(service));
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            assertThat(api.send("ACME", Numbers.unique(), "before").statusCode()).isEqualTo(200);

            redis.stop();
            List<Integer> during = List.of(api.send("ACME", Numbers.unique(), "during").statusCode(),
                    api.send("ACME", Numbers.unique(), "during").statusCode());

            assertThat(during).containsOnly(200);
            assertThat(meters.get("sms.state.fallbacks").counter().count()).isPositive();

            redis.start();
            StringRedisTemplate fresh = Redis.template(redis.port());
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                api.send("ACME", Numbers.unique(), "after");
                return fresh.hasKey(prefix + "rate:log");
            });
        }
    }

    private ConfigurableApplicationContext start(String failureMode) {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--RATE_LIMIT_MAX_REQUESTS=1000",
                "--SMS_STATE_STORE=redis",
                "--SMS_STATE_FAILURE_MODE=" + failureMode,
                "--REDIS_URL=" + redis.url(),
                "--SMS_REDIS_PREFIX=" + prefix));
    }



    private static Status health(ConfigurableApplicationContext service) {
        return service.getBean("sharedStateHealthIndicator", HealthIndicator.class).health().getStatus();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Ports.of(context);
    }
}
