package io.smsgateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * .json: one message object, or an array of them, read token by token. Each element is copied out
 * on its own, never more than {@link FileLimits#MAX_MESSAGE_CHARS} bytes of it; anything that is not
 * valid JSON — a key repeated in one object included, as HTTP, JSON lines and JMS refuse it too —
 * or beyond the limits refuses the file, naming the line and column, never the content. An element
 * that is valid JSON but no message (a string, an object without a receiver) is one failed message.
 */
final class JsonDocumentReader implements MessageReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(FileLimits.JSON)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonParser parser;
    private boolean started;
    private boolean array;
    private boolean finished;
    private int index;

    JsonDocumentReader(InputStream in) throws IOException {
        this.parser = FACTORY.createParser(in);
    }

    @Override
    public Item next() throws IOException {
        if (finished) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_ARRAY) {
                    array = true;
                } else if (first != JsonToken.START_OBJECT) {
                    throw new Malformed("a .json file holds one message object or an array of them");
                }
            }
            if (array && parser.nextToken() == JsonToken.END_ARRAY) {
                return end();
            }
            Item item = element();
            if (!array) {
                end();
            }
            return item;
        } catch (Malformed refused) {
            throw refused;
        } catch (StreamConstraintsException e) {
            throw new Malformed("beyond the limits of a message (nesting " + FileLimits.MAX_JSON_DEPTH + " deep, numbers of "
                    + FileLimits.MAX_NUMBER_DIGITS + " digits, strings of " + FileLimits.count(FileLimits.MAX_MESSAGE_CHARS)
                    + " characters)" + at(parser.currentLocation()));
        } catch (JsonProcessingException e) {
            String original = e.getOriginalMessage();
            String what = original != null && original.startsWith("Duplicate field") ? "a key repeated in one object" : "not valid JSON";
            throw new Malformed(what + at(e.getLocation() != null ? e.getLocation() : parser.currentLocation()));
        }
    }

    /** The element at the current token, copied out token by token within the size limit. */
    private Item element() throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        long from = start.getByteOffset();
        StringWriter json = new StringWriter();
        try (JsonGenerator copy = FACTORY.createGenerator(json)) {
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                }
                copy.copyCurrentEventExact(parser);
                if (parser.currentLocation().getByteOffset() - from > FileLimits.MAX_MESSAGE_CHARS) {
                    throw new Malformed("an element larger than " + FileLimits.count(FileLimits.MAX_MESSAGE_CHARS) + " bytes" + at(start));
                }
            } while (depth > 0 && parser.nextToken() != null);
        }
        return new Item(index++, start.getLineNr(), json.toString());
    }

    /** Nothing may follow the document but white space. */
    private Item end() throws IOException {
        finished = true;
        if (parser.nextToken() != null) {
            throw new Malformed("something follows the " + (array ? "array" : "message object") + at(parser.currentTokenLocation()));
        }
        return null;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
