package io.smsgateway.ingest;

/**
 * A file name as logs and reports may show it: anyone who can drop a file chooses its name, and a
 * line break in it would forge a log line of the text format. Control, format and separator
 * characters are written as {@code \n}, {@code \t}, {@code \r} or {@code \}{@code uXXXX}.
 */
final class Printable {

    private Printable() {
    }

    static String name(String name) {
        if (name == null) {
            return "-";
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(name.length() + 16).append(name, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? name : out.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                // so that an escape seen in a log is always one made here
                return "\\\\";
            default:
                break;
        }
        int type = Character.getType(c);
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
