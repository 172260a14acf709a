package io.smsgateway.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
