package io.smsgateway.state;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Ports;
import io.smsgateway.support.Redis;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Idempotency-Keys shared by two instances of the service — two Spring contexts — on the real Redis. */
class IdempotencyFleetTest {

    private static final String PREFIX = Redis.prefix("idempotency");
    private static final StringRedisTemplate REDIS = Redis.template(6379);
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static SendClient one;
    private static SendClient two;

    @BeforeAll
    static void twoInstances() {
        SERVER.resetAll();
        first = start();
        second = start();
        one = new SendClient(Ports.of(first));
        two = new SendClient(Ports.of(second));
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        Redis.removeKeys(REDIS, PREFIX);
    }

    @BeforeEach
    void provider() {
        SERVER.resetAll();
    }

    @Test
    void answersARepeatThroughTheOtherInstanceWithoutCallingTheProvider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String number = Numbers.unique();
        String json = SendClient.json("ACME", number, "once");
        String key = "order-" + number;

        HttpResponse<String> sent = one.sendJson(json, "Idempotency-Key", key);
        HttpResponse<String> repeat = two.sendJson(json, "Idempotency-Key", key);

        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(sent.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
        // Redis holds the key's keyed hash, never the key nor the number, and an answer without the number
        Set<String> keys = Redis.keys(REDIS, PREFIX + "idempotency:");
        assertThat(keys).hasSize(1).allSatisfy(name -> assertThat(name).doesNotContain(key).doesNotContain(number.substring(2)));
        String stored = REDIS.<String, String>opsForHash().get(keys.iterator().next(), "a");
        assertThat(stored).contains("\"status\":200").doesNotContain(number.substring(2));
    }

    @Test
    void callsTheProviderOnceForRepeatsThroughBothInstancesAtOnce() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(1500)));
        String number = Numbers.unique();
        String json = SendClient.json("ACME", number, "at once");
        String key = "order-" + number;

        CompletableFuture<HttpResponse<String>> sent = one.postAsync("/send", json, "application/json", "Idempotency-Key", key);
        await().atMost(Duration.ofSeconds(5)).until(() -> SERVER.findAll(TwilioStub.sends()).size() == 1);
        HttpResponse<String> meanwhile = two.sendJson(json, "Idempotency-Key", key);

        assertThat(meanwhile.statusCode()).isEqualTo(409);
        assertThat(meanwhile.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(sent.join().statusCode()).isEqualTo(200);
        HttpResponse<String> after = two.sendJson(json, "Idempotency-Key", key);
        assertThat(after.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(1);
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--SMS_STATE_STORE=redis",
                "--REDIS_URL=" + Redis.URL,
                "--SMS_REDIS_PREFIX=" + PREFIX,
                "--SMS_REDIS_KEY_SECRET=idempotency-test-secret-0123456789",
                "--RATE_LIMIT_MAX_REQUESTS=1000"));
    }
}
