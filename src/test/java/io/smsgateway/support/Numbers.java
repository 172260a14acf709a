package io.smsgateway.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Receivers never used before in this test run, so the per-number delay of one test does not hold
 * the sends of another; each in a prefix of its own (they differ before their last three digits), so
 * that the fraud shield's adjacent-number rule sees scattered users, not a block of numbers.
 */
public final class Numbers {

    // +1 then ten digits starting with 2: possible for libphonenumber, never assigned to tests twice
    private static final AtomicLong NEXT = new AtomicLong(2_000_000_000L + (System.nanoTime() % 1_000_000) * 1000);

    private Numbers() {
    }

    public static String unique() {
        return "+1" + NEXT.getAndAdd(1000);
    }
}
