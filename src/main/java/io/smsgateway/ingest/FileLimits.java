package io.smsgateway.ingest;

import java.util.Locale;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * What a dropped file may hold. A message is a small JSON object; anything much larger is no
 * message and would only cost memory, so a file holding it is refused whole before anything is sent.
 */
final class FileLimits {

    /** A line of .jsonl, a record of .csv, an element of .json: the size of the largest HTTP request by default. */
    static final int MAX_MESSAGE_CHARS = 65_536;
    static final int MAX_JSON_DEPTH = 32;
    static final int MAX_NUMBER_DIGITS = 100;

    static final StreamReadConstraints JSON = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_JSON_DEPTH)
            .maxNumberLength(MAX_NUMBER_DIGITS)
            .maxStringLength(MAX_MESSAGE_CHARS)
            .maxNameLength(MAX_MESSAGE_CHARS)
            .build();

    private FileLimits() {
    }

    /** 65536 as reports write it: 65,536. */
    static String count(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }
}
