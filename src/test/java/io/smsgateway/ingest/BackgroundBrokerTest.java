package io.smsgateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.junit.jupiter.api.Test;

/** The broker starts on a thread of its own; waiting for it tells how its start ended. */
class BackgroundBrokerTest {

    @Test
    void isActiveOnceAwaited() throws Exception {
        BackgroundBroker broker = new BackgroundBroker();
        broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("invm", "vm://91"));
        broker.start();
        try {
            broker.awaitStarted();
            assertThat(broker.getActiveMQServer().isActive()).isTrue();
        } finally {
            broker.stop();
        }
        assertThat(broker.getActiveMQServer().isStarted()).isFalse();
    }

    @Test
    void aStartThatFailedFailsTheWait() throws Exception {
        BackgroundBroker broker = new BackgroundBroker();
        // no configuration: Artemis looks for a broker.xml, which is nowhere
        broker.setConfigResourcePath("no-such-broker.xml");
        broker.start();
        assertThatThrownBy(broker::awaitStarted).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the embedded broker did not start");
    }
}
