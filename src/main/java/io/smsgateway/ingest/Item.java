package io.smsgateway.ingest;

/**
 * One message of a dropped file.
 *
 * @param index   its place among the file's messages, from 0
 * @param line    the line of the file it starts on (it ends there too, but for a CSV record with a quoted line break)
 * @param json    the message as the HTTP API takes it, or null when {@code problem} says why there is none
 * @param problem why this part of the file is no message at all, or null
 */
record Item(int index, int line, String json, String problem) {

    Item(int index, int line, String json) {
        this(index, line, json, null);
    }
}
