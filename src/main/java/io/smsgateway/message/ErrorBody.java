package io.smsgateway.message;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** The original service's error shape: {@code {statusCode, error, message}}. */
public final class ErrorBody {

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
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }
}
