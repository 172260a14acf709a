package io.smsgateway.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** An {@code application/x-www-form-urlencoded} body, UTF-8. */
public final class FormBody {

    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    private FormBody() {
    }

    /** Fields in the map's iteration order; null values are left out. */
    public static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .filter(field -> field.getValue() != null)
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
