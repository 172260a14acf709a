package io.smsgateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/**
 * The readers of dropped files: streams, holding one message at a time whatever the file's size,
 * and refusing what is no file of messages with a reason that names a line or a limit, never the
 * content.
 */
class FileReadersTest {

    private static final int LINES = 1_000_000;
    private static final String SECRET = "s3cr3t-c0ntent";

    @Test
    void readsAMillionLineCsvWithoutHoldingIt() throws IOException {
        Generated csv = new Generated("sender,receiver,body\n",
                i -> "ACME,+1202555" + String.format("%04d", i % 10_000) + ",message number " + i + " of a generated file\n");

        assertReadInBoundedMemory(new CsvReader(csv), csv);
    }

    @Test
    void readsAMillionLineJsonLinesFileWithoutHoldingIt() throws IOException {
        Generated lines = new Generated("",
                i -> "{\"sender\":\"ACME\",\"receiver\":\"+1202555" + String.format("%04d", i % 10_000)
                        + "\",\"body\":\"message number " + i + "\"}\n");

        assertReadInBoundedMemory(new JsonLinesReader(lines), lines);
    }

    @Test
    void readsAMillionElementJsonArrayWithoutHoldingIt() throws IOException {
        Generated array = new Generated("[", i -> (i == 0 ? "" : ",\n")
                + "{\"sender\":\"ACME\",\"receiver\":\"+1202555" + String.format("%04d", i % 10_000)
                + "\",\"body\":\"message number " + i + "\"}", "]");

        assertReadInBoundedMemory(new JsonDocumentReader(array), array);
    }

    private static void assertReadInBoundedMemory(MessageReader reader, Generated source) throws IOException {
        long baseline = 0;
        int count = 0;
        Item last = null;
        for (Item item = reader.next(); item != null; item = reader.next()) {
            assertThat(item.index()).isEqualTo(count);
            count++;
            last = item;
            if (count == 10_000) {
                baseline = usedHeapAfterCollection();
            }
        }
        long grown = usedHeapAfterCollection() - baseline;

        assertThat(count).isEqualTo(LINES);
        assertThat(last.json()).contains("message number " + (LINES - 1));
        assertThat(source.bytes).as("the file is larger than the bound below").isGreaterThan(50L << 20);
        assertThat(grown).as("heap grown while reading 990,000 more messages").isLessThan(16L << 20);
    }

    @Test
    void refusesAJsonNestedThreeThousandDeepSayingWhere() {
        String deep = "[".repeat(3000) + "]".repeat(3000);

        assertRefused(FileKind.JSON, deep, "beyond the limits of a message (nesting 32 deep, numbers of 100 digits, "
                + "strings of 65,536 characters) (line 1, column ");
    }

    @Test
    void refusesAFiveThousandDigitNumber() {
        String json = "[{\"sender\":\"ACME\",\"receiver\":" + "7".repeat(5000) + ",\"body\":\"x\"}]";

        assertRefused(FileKind.JSON, json, "beyond the limits of a message");
    }

    @Test
    void refusesARepeatedKeyAsHttpJsonLinesAndJmsDo() {
        String json = "[{\"sender\":\"ACME\",\"receiver\":\"+12025550100\",\"body\":\"x\",\"receiver\":\"+12025550199\"}]";

        assertRefused(FileKind.JSON, json, "a key repeated in one object (line 1, column ");
    }

    @Test
    void refusesWhatFollowsTheDocumentAndNeverQuotesIt() {
        assertRefused(FileKind.JSON, "{\"sender\":\"ACME\"} {\"" + SECRET + "\":1}", "something follows the message object (line 1, column 19)");
        assertRefused(FileKind.JSON, "{\"sender\":\"ACME\"} " + SECRET, "not valid JSON (line 1, column ");
        assertRefused(FileKind.JSON, "{\"sender\": " + SECRET + "}", "not valid JSON (line 1, column ");
        assertRefused(FileKind.JSON, "\"" + SECRET + "\"", "a .json file holds one message object or an array of them");
    }

    @Test
    void refusesAnElementLargerThanAMessageCanBe() {
        StringBuilder big = new StringBuilder("[{\"sender\":\"ACME\"");
        for (int i = 0; i < 100; i++) {
            big.append(",\"k").append(i).append("\":\"").append("x".repeat(1000)).append('"');
        }

        assertRefused(FileKind.JSON, big.append("}]").toString(), "an element larger than 65,536 bytes (line 1, column 2)");
    }

    @Test
    void refusesALineLongerThanAMessageCanBe() {
        String lines = "{\"sender\":\"ACME\"}\n" + "x".repeat(70_000) + "\n";

        assertRefused(FileKind.JSON_LINES, lines, "line 2 is longer than 65,536 characters");
        assertRefused(FileKind.CSV, "sender,receiver,body\n" + lines, "line 3 is longer than 65,536 characters");
    }

    @Test
    void refusesAnUnterminatedQuoteBeforeItHoldsTheRestOfTheFile() {
        StringBuilder csv = new StringBuilder("sender,receiver,body\nACME,+12025550100,\"opened and never closed\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("ACME,+12025550100,").append(SECRET).append('\n');
        }

        assertRefused(FileKind.CSV, csv.toString(), "a record longer than 65,536 characters (line ");
    }

    @Test
    void refusesABadCsvWithoutQuotingItsHeaderOrItsLines() {
        assertRefused(FileKind.CSV, SECRET + ",receiver,body\n", "the first line must be the header sender,receiver,body");
        assertRefused(FileKind.CSV, "sender,receiver,body\nACME,\"" + SECRET + "\"x,y\n", "not valid CSV (near line 2)");
    }

    @Test
    void refusesTextThatIsNotUtf8() {
        byte[] latin1 = "sender,receiver,body\nACME,+12025550100,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> readAll(FileKind.CSV, latin1)).isInstanceOf(Malformed.class).hasMessage("not UTF-8 text (line 2)");
        assertThatThrownBy(() -> readAll(FileKind.JSON_LINES, latin1)).isInstanceOf(Malformed.class)
                .hasMessage("not UTF-8 text (line 2)");
    }

    @Test
    void takesAnOptionalStatusCallbackColumnFromACsvEmptyForNone() throws IOException {
        List<Item> csv = readAll(FileKind.CSV, ("body,statusCallback,sender,receiver\n"
                + "x,https://hooks.example.com/s,A,1\ny,,B,2\n").getBytes(StandardCharsets.UTF_8));

        assertThat(csv).extracting(Item::json).containsExactly(
                "{\"body\":\"x\",\"statusCallback\":\"https://hooks.example.com/s\",\"sender\":\"A\",\"receiver\":\"1\"}",
                "{\"body\":\"y\",\"sender\":\"B\",\"receiver\":\"2\"}");
        assertRefused(FileKind.CSV, "sender,receiver,body,priority\n", "the first line must be the header sender,receiver,body");
    }

    @Test
    void givesEachMessageItsIndexAndLine() throws IOException {
        List<Item> lines = readAll(FileKind.JSON_LINES, "\uFEFF{\"a\":1}\r\n\r\n{\"b\":2}\rnot json\n".getBytes(StandardCharsets.UTF_8));
        List<Item> array = readAll(FileKind.JSON, "[\n {\"a\":1},\n \"no object\"\n]".getBytes(StandardCharsets.UTF_8));
        List<Item> unterminated = readAll(FileKind.JSON_LINES, "{\"a\":1}\n{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        List<Item> csv = readAll(FileKind.CSV, "sender,receiver,body\nA,1,x\nB,2,\"y\nz\"\n\nC,3,w".getBytes(StandardCharsets.UTF_8));

        assertThat(lines).extracting(Item::index, Item::line, Item::json)
                .containsExactly(tuple(0, 1, "{\"a\":1}"), tuple(1, 3, "{\"b\":2}"),
                        tuple(2, 4, "not json"));
        assertThat(array).extracting(Item::index, Item::line, Item::json)
                .containsExactly(tuple(0, 2, "{\"a\":1}"), tuple(1, 3, "\"no object\""));
        assertThat(unterminated).extracting(Item::line).containsExactly(1, 2);
        // a CSV record's line is the one it ends on
        assertThat(csv).extracting(Item::line).containsExactly(2, 4, 6);
    }

    private static void assertRefused(FileKind kind, String content, String reason) {
        assertThatThrownBy(() -> readAll(kind, content.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Malformed.class)
                .hasMessageStartingWith(reason)
                .hasMessageNotContaining(SECRET);
    }

    private static List<Item> readAll(FileKind kind, byte[] content) throws IOException {
        List<Item> items = new ArrayList<>();
        try (MessageReader reader = kind.reader(new ByteArrayInputStream(content))) {
            for (Item item = reader.next(); item != null; item = reader.next()) {
                items.add(item);
            }
        }
        return items;
    }

    private static long usedHeapAfterCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A file of a million lines made as it is read: never in memory as a whole. */
    private static final class Generated extends InputStream {

        private final IntFunction<String> line;
        private final String end;
        private byte[] current;
        private int position;
        private int next;
        private boolean ended;
        long bytes;

        Generated(String start, IntFunction<String> line) {
            this(start, line, "");
        }

        Generated(String start, IntFunction<String> line, String end) {
            this.line = line;
            this.end = end;
            this.current = start.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            while (position == current.length) {
                if (next < LINES) {
                    current = line.apply(next++).getBytes(StandardCharsets.UTF_8);
                } else if (!ended) {
                    ended = true;
                    current = end.getBytes(StandardCharsets.UTF_8);
                } else {
                    return -1;
                }
                position = 0;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            bytes += count;
            return count;
        }
    }
}
