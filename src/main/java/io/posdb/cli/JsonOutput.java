package io.posdb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.IOException;

/** Writes a command's result as one JSON object (snake_case field names) on stdout. */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** One line of JSON, for a report inside a text result. */
    static String toJson(Object value) {
        try {
            return MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a JSON report", e);
        }
    }

    /** The value as the JSON output shows it, as a tree (for text that shows a part of it). */
    static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static void print(PrintWriter out, Object result) {
        try {
            out.println(MAPPER.writeValueAsString(result));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the JSON result", e);
        }
    }
}
