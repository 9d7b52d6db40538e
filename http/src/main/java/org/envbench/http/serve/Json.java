package org.envbench.http.serve;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/** Writes the JSON answers of every route, errors included, with one shared Jackson mapper. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * An error answer: {@code status}, a short machine-readable {@code error}, a {@code message} saying what was wrong
     * and what to do, and any further fields (for example the allowed values).
     */
    static void error(HttpServletResponse response, int status, String error, String message,
                      Map<String, ?> details) throws IOException {
        write(response, status, errorBody(status, error, message, details));
    }

    static Map<String, Object> errorBody(int status, String error, String message, Map<String, ?> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        body.putAll(details);
        return body;
    }

    /** User input echoed in a message, cut so that a huge path or parameter does not make a huge answer. */
    static String quote(String input) {
        if (input == null) {
            return "(none)";
        }
        return input.length() <= 80 ? input : input.substring(0, 80) + "...";
    }
}
