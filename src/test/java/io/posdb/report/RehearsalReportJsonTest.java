package io.posdb.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed rehearsal's report serialised by an application: its error's line, never an exception's stack trace. */
class RehearsalReportJsonTest {

    @Test
    void aFailedRehearsalsReportGivesItsErrorAsJsonWithoutTheExceptionBehindIt() throws Exception {
        RehearsalReport report = new RehearsalReport("shop.db", List.of(), List.of(), false, false,
                "Upgrade failed: 0012-narrow-product halted", List.of(), false,
                new IllegalStateException("0012-narrow-product halted"));

        JsonNode json = new ObjectMapper().valueToTree(report);

        assertThat(json.path("error").asText()).isEqualTo("Upgrade failed: 0012-narrow-product halted");
        assertThat(json.has("failure")).isFalse();
        assertThat(json.toString()).doesNotContain("stackTrace");
    }
}
