package io.posdb.migration.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A report as one line of JSON, for the changeset's confirmation message. */
final class StatsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsJson() {
    }

    static String of(Object stats) {
        try {
            return MAPPER.writeValueAsString(stats);
        } catch (JsonProcessingException e) {
            return "(stats not serialisable: " + e.getMessage() + ")";
        }
    }
}
