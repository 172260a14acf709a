package io.smsgateway.protection.fraud;

/** What a rule does with what it finds: refuse the send, only record it, or nothing at all. */
public enum RuleMode {
    /** Refuse (403), record and count. */
    BLOCK,
    /** Decide, record and count, and let the send pass: how a rule is tried before it refuses anything. */
    MONITOR,
    OFF
}
