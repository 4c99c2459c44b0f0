package io.posdb.spring.boot.actuate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/posdb}, posdb's counterpart of Spring's {@code /actuator/liquibase}: this release,
 * the database's applied changesets in order (what {@code posdb history} reads), its tags, and the
 * last upgrade runs (what {@code posdb history --runs} reads, newest first: when, release from and
 * to, outcome, each changeset's duration).
 */
@Endpoint(id = "posdb")
public class PosdbEndpoint {

    private final PosDatabaseSettings settings;

    public PosdbEndpoint(PosDatabaseSettings settings) {
        this.settings = settings;
    }

    @ReadOperation
    public PosdbDescriptor posdb() throws PosDatabaseException {
        // As posdb history: the service booted it, so a file gone since is refused as missing (MISSING_DATABASE).
        PosDatabaseChecks.requireExisting(settings);
        List<HistoryEntry> history = PosDatabaseChecks.history(settings);
        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings);
        return new PosdbDescriptor(PosDatabase.release(), settings.database().description(), history,
                history.stream().map(HistoryEntry::tag).filter(Objects::nonNull).toList(),
                runs.subList(0, Math.min(LAST_RUNS, runs.size())));
    }

    /** How many upgrade runs the endpoint shows: the recent ones an operator asks about. */
    static final int LAST_RUNS = 10;

    /**
     * The endpoint's answer; {@code database} is a file or a URL without credentials. The changesets
     * show what {@code posdb history} shows: the entry's planning fields stay out.
     */
    public record PosdbDescriptor(String release, String database,
                                  @JsonIgnoreProperties({"author", "checksum", "labels", "compatibility",
                                          "recordsKeptBefore"})
                                  List<HistoryEntry> changeSets, List<String> tags, List<UpgradeRun> lastRuns) {
    }
}
