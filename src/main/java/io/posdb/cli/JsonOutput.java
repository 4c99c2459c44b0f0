package io.posdb.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posdb.changelog.AppliedChangeSet;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The command line's one JSON mapper: a command's typed result as one JSON object (snake_case field
 * names) on stdout, and the same value as a tree where text shows a part of it.
 */
final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(AppliedChangeSet.class, WithoutReport.class);

    /** An applied changeset's data-change report is given once, under the result's {@code reports}, not beside it. */
    @JsonIgnoreProperties("report")
    private interface WithoutReport {
    }

    private JsonOutput() {
    }

    /** The value as the JSON output shows it, as a tree (for text that shows a part of it). */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The value's JSON object, to add fields to (a failure's error and exit code); empty for null. */
    static ObjectNode object(Object value) {
        return value == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(value);
    }

    /**
     * One line of {@code --progress json}: {@code "event"} first, then the fields of {@code value} (a
     * progress event's fields, or the command's result last): a splash screen reads one kind of line.
     */
    static String event(String event, Object value) {
        ObjectNode line = MAPPER.createObjectNode().put("event", event);
        line.setAll(object(value));
        return write(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT), line);
    }

    static void print(PrintWriter out, Object result) {
        out.println(write(MAPPER.writer(), result));
        out.flush();
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the JSON result", e);
        }
    }
}
