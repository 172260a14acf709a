package io.smsgateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * .csv: the header sender,receiver,body (in any order, optionally a statusCallback column too), RFC 4180 quoting, UTF-8. A record without
 * three fields is one failed message; a file commons-csv cannot parse is refused whole, saying
 * where, never what (its own messages can quote the file).
 */
final class CsvReader implements MessageReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COLUMNS = Set.of("sender", "receiver", "body");
    /** An optional fourth column; an empty value is no callback. */
    private static final String STATUS_CALLBACK = "statusCallback";
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();

    private final BoundedText text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private int index;

    CsvReader(InputStream in) throws IOException {
        this.text = new BoundedText(in, FileLimits.MAX_MESSAGE_CHARS);
        CSVParser opened;
        try {
            opened = CSV.parse(text);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw refusal(e, 1);
        }
        this.parser = opened;
        this.header = parser.getHeaderNames();
        boolean withCallback = header.contains(STATUS_CALLBACK);
        if (header.size() != COLUMNS.size() + (withCallback ? 1 : 0) || !header.containsAll(COLUMNS)) {
            throw new Malformed("the first line must be the header sender,receiver,body");
        }
        this.records = parser.iterator();
    }

    @Override
    public Item next() throws IOException {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw refusal(e, parser.getCurrentLineNumber());
        }
        text.recordRead();
        int line = (int) parser.getCurrentLineNumber();
        int length = 0;
        for (String value : record) {
            length += value.length();
        }
        if (length > FileLimits.MAX_MESSAGE_CHARS) {
            throw new Malformed("a record longer than " + FileLimits.count(FileLimits.MAX_MESSAGE_CHARS) + " characters (line " + line + ")");
        }
        if (!record.isConsistent()) {
            return new Item(index++, line, null, "line " + line + " has " + record.size() + " fields where the header has "
                    + header.size());
        }
        Map<String, String> message = new LinkedHashMap<>();
        for (String column : header) {
            if (!column.equals(STATUS_CALLBACK) || !record.get(column).isEmpty()) {
                message.put(column, record.get(column));
            }
        }
        return new Item(index++, line, JSON.writeValueAsString(message));
    }

    /**
     * What to throw for what the parser threw: our own refusals pass, a read error of the file stays
     * one (no fault of its content), and a parser's message never passes, as it can quote the file.
     */
    private static IOException refusal(Exception e, long line) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (cause instanceof Malformed malformed) {
            return malformed;
        }
        if (cause instanceof IOException io && !(cause instanceof CSVException)) {
            return io;
        }
        return new Malformed("not valid CSV (near line " + line + ")");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
