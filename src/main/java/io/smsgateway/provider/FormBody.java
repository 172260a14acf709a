package io.smsgateway.provider;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, UTF-8. */
public final class FormBody {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    private FormBody() {
    }

    /** Fields in the order given, each a name then its value; a null value leaves its field out. */
    public static String encode(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                form.append(form.isEmpty() ? "" : "&").append(encode(namesAndValues[i])).append('=')
                        .append(encode(namesAndValues[i + 1]));
            }
        }
        return form.toString();
    }

    /**
     * The fields of a form body or a query string, each name's values in their order; a field
     * without {@code =} has the empty value. Malformed escapes are refused with {@link IllegalArgumentException}.
     */
    public static Map<String, List<String>> decode(String form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return fields;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
