package io.smsgateway.protection.fraud;

import java.util.List;

/**
 * A send counted as unverified by rule 5 before it went on: its subjects (country, prefix) and when
 * it was counted, so that the send is remembered once accepted, or counted no more if it never went out.
 */
record UnverifiedSend(List<String> subjects, long at) {

    /** Exchange property holding it from rule 5 to the send's outcome. */
    static final String PROPERTY = "smsUnverifiedSend";
}
