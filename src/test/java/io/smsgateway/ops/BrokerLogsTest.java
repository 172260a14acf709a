package io.smsgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgateway.support.ServiceProcess;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's audit loggers wrote about 240 INFO lines a minute to an idle service: every
 * readiness probe checks the broker with a connection of its own, each one audited. At the default
 * level they write nothing; the broker's own lines stay. A JVM of its own: the logging setup is the JVM's.
 */
class BrokerLogsTest {

    @Test
    void anIdleServiceWritesNoBrokerAuditLines() {
        String output;
        try (ServiceProcess service = ServiceProcess.start("--SERVICE_PROVIDER=console")) {
            for (int probe = 0; probe < 5; probe++) {
                assertThat(service.api().get("/-/ready").statusCode()).isEqualTo(200);
            }
            output = service.output();
        }

        assertThat(output).as("the broker's own lines").contains("AMQ221007: Server is now active");
        assertThat(output.lines().filter(line -> line.contains("org.apache.activemq.audit")))
                .as("audit lines").isEmpty();
    }
}
