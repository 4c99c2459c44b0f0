package io.posdb.migration;

import java.util.List;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.ChecksumVersion;
import liquibase.parser.ChangeLogParserFactory;

/**
 * The changesets a release carries, read from the changelog without touching any
 * database: what lets posdb decide that nothing is pending (or that the database is newer
 * or was edited) before Liquibase writes anything.
 */
public final class ChangelogManifest {

    /** Changesets limited to other database engines are not part of the SQLite plan. */
    private static final String DBMS = "sqlite";

    private final List<ManifestEntry> entries;

    private ChangelogManifest(List<ManifestEntry> entries) {
        this.entries = entries;
    }

    /**
     * The packaged changelog's manifest comes from the file the build wrote next to it
     * (no Liquibase start-up); any other changelog is parsed.
     */
    public static ChangelogManifest load(ChangelogSource source) throws MigrationException {
        if (source.isPackaged()) {
            List<ManifestEntry> packaged = ManifestFile.readPackaged();
            if (packaged != null) {
                return new ChangelogManifest(packaged);
            }
        }
        return parse(source);
    }

    /** Parses the changelog with Liquibase and computes each changeset's checksum. */
    public static ChangelogManifest parse(ChangelogSource source) throws MigrationException {
        return LiquibaseScope.run(source, () -> {
            DatabaseChangeLog changeLog;
            try {
                changeLog = ChangeLogParserFactory.getInstance().getParser(source.path(), source.resources())
                        .parse(source.path(), new ChangeLogParameters(), source.resources());
            } catch (Exception e) {
                throw new ChangelogException("Changelog " + source.description() + " cannot be read: "
                        + LiquibaseScope.rootMessage(e), e);
            }
            return new ChangelogManifest(changeLog.getChangeSets().stream()
                    .filter(ChangelogManifest::appliesToSqlite)
                    .map(ChangelogManifest::entry)
                    .toList());
        });
    }

    public List<ManifestEntry> entries() {
        return entries;
    }

    private static boolean appliesToSqlite(ChangeSet changeSet) {
        return changeSet.getDbmsSet() == null || changeSet.getDbmsSet().isEmpty()
                || changeSet.getDbmsSet().contains(DBMS) || changeSet.getDbmsSet().contains("all");
    }

    private static ManifestEntry entry(ChangeSet changeSet) {
        return new ManifestEntry(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                changeSet.generateCheckSum(ChecksumVersion.latest()).toString(),
                changeSet.isAlwaysRun(), changeSet.isRunOnChange());
    }
}
