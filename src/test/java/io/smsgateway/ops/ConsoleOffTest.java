package io.smsgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgateway.support.TwilioServiceTest;
import org.junit.jupiter.api.Test;

/** Without SMS_ADMIN_KEYS there is no admin API, and no operator console either. */
class ConsoleOffTest extends TwilioServiceTest {

    @Test
    void servesNeitherTheConsoleNorTheStatusItReads() {
        assertThat(api.get("/console").statusCode()).isEqualTo(404);
        assertThat(api.get("/console/console.js").statusCode()).isEqualTo(404);
        assertThat(api.get("/admin/status").statusCode()).isEqualTo(404);
    }
}
