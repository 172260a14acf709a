package io.smsgateway.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.SettableClock;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * Holding is free: 2,000 sends held by the delay at once add no thread each and do not hold up sends
 * to other numbers, each answered while all 2,000 are still held. A generous bound on threads: a
 * guard against blocking, not a benchmark (see bench/). The console provider keeps the stub's own
 * threads out of the count.
 */
@CamelSpringBootTest
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=console",
                "RATE_LIMIT_MAX_REQUESTS=10000",
                // long enough for a cold JVM to have all 2,000 second sends held at once
                "EXPONENTIAL_DELAY_BASE=20s",
                "EXPONENTIAL_DELAY_MAX_WAIT=20s",
                "logging.level.io.smsgateway.provider.console=WARN"
        })
@DirtiesContext
class HeldSendsTest {

    private static final int HELD = 2000;

    // standing still: each second send is held the whole 20 s from its own arrival, however long the
    // first sends took
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @TestBean
    Clock clock;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    static Clock clock() {
        return CLOCK;
    }

    @Test
    void holds2000SendsWithoutAThreadEachWhileOtherNumbersAreServedAtOnce() {
        SendClient api = new SendClient(port);
        List<String> numbers = IntStream.range(0, HELD).mapToObj(i -> Numbers.unique()).toList();
        // each number's first send is released at once; its second waits 20 s
        assertThat(sendAll(api, numbers, "first")).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();

        List<CompletableFuture<HttpResponse<String>>> held = numbers.stream()
                .map(number -> api.postAsync("/send", SendClient.json("ACME", number, "second"), "application/json"))
                .toList();
        await().atMost(Duration.ofSeconds(25)).untilAsserted(() ->
                assertThat(meters.get("sms.delay.held").gauge().value()).isEqualTo(HELD));
        int threadsHolding = threads.getThreadCount();
        long heapHolding = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        // each send to another number is answered while all 2,000 are still held
        for (int i = 0; i < 50; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "other").statusCode()).isEqualTo(200);
            assertThat(meters.get("sms.delay.held").gauge().value()).as("held after other send %d", i).isEqualTo(HELD);
        }

        System.out.printf("held=%d threads before=%d while holding=%d heap used while holding=%d MB%n",
                HELD, threadsBefore, threadsHolding, heapHolding >> 20);
        assertThat(threadsHolding - threadsBefore).as("threads added while holding %d sends", HELD).isLessThan(200);
        assertThat(held.stream().map(CompletableFuture::join).toList())
                .allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    }

    private static List<HttpResponse<String>> sendAll(SendClient api, List<String> numbers, String body) {
        return numbers.stream()
                .map(number -> api.postAsync("/send", SendClient.json("ACME", number, body), "application/json"))
                .toList().stream().map(CompletableFuture::join).toList();
    }
}
