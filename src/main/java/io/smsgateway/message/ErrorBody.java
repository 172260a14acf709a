package io.smsgateway.message;

import java.util.LinkedHashMap;
import java.util.Map;

/** The original service's error shape: {@code {statusCode, error, message}}. */
public final class ErrorBody {

    // the statuses the service answers, by the reason phrases the original's framework wrote
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"),
            Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private ErrorBody() {
    }

    public static Map<String, Object> of(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("error", reasonPhrase(status));
        body.put("message", message);
        return body;
    }

    public static String reasonPhrase(int status) {
        return REASONS.getOrDefault(status, "Error");
    }
}
