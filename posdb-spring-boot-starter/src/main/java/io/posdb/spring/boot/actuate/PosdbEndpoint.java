package io.posdb.spring.boot.actuate;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.HistoryEntry;
import io.posdb.failure.PosDatabaseException;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/posdb}, posdb's counterpart of Spring's {@code /actuator/liquibase}: this release,
 * the database's applied changesets in order (what {@code posdb history} reads) and its tags. There
 * is no record of past upgrade runs in the database yet, so none is reported.
 */
@Endpoint(id = "posdb")
public class PosdbEndpoint {

    private final PosDatabaseSettings settings;

    public PosdbEndpoint(PosDatabaseSettings settings) {
        this.settings = settings;
    }

    @ReadOperation
    public PosdbDescriptor posdb() throws PosDatabaseException {
        List<HistoryEntry> history = PosDatabaseChecks.history(settings);
        return new PosdbDescriptor(PosDatabase.release(), settings.database().description(), history,
                history.stream().map(HistoryEntry::tag).filter(Objects::nonNull).toList());
    }

    /** The endpoint's answer; {@code database} is a file or a URL without credentials. */
    public record PosdbDescriptor(String release, String database, List<HistoryEntry> changeSets, List<String> tags) {
    }
}
