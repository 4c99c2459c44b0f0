package io.posdb.changelog;

import io.posdb.database.Engine;
import io.posdb.failure.MigrationException;
import java.util.List;
import liquibase.ChecksumVersion;
import liquibase.changelog.ChangeSet;

/**
 * The changesets a release carries, read from the changelog without touching any
 * database: what lets posdb decide that nothing is pending (or that the database is newer
 * or was edited) before Liquibase writes anything.
 */
public record ChangelogManifest(List<ManifestEntry> entries) {

    /**
     * The packaged changelog's manifest comes from the file the build wrote next to it
     * (no Liquibase start-up); any other changelog is parsed.
     */
    public static ChangelogManifest load(ChangelogSource source) throws MigrationException {
        return load(source, Engine.SQLITE);
    }

    /** The manifest for one engine: the build writes each engine's; another changelog is parsed. */
    public static ChangelogManifest load(ChangelogSource source, Engine engine) throws MigrationException {
        if (source.isPackaged()) {
            List<ManifestEntry> packaged = ManifestFile.readPackaged(engine);
            if (packaged != null) {
                return new ChangelogManifest(packaged);
            }
        }
        return parse(source, engine);
    }

    /**
     * Parses the changelog with Liquibase and computes each changeset's checksum; changesets limited
     * by {@code dbms:} to other engines are not part of an engine's plan.
     */
    public static ChangelogManifest parse(ChangelogSource source, Engine engine) throws MigrationException {
        return LiquibaseScope.run(source, () -> new ChangelogManifest(source.parse().getChangeSets().stream()
                .filter(changeSet -> appliesTo(changeSet, engine))
                .map(ChangelogManifest::entry)
                .toList()));
    }

    /** Whether the changeset runs on {@code engine}: its dbms names it, or "all", or nothing. */
    public static boolean appliesTo(ChangeSet changeSet, Engine engine) {
        return changeSet.getDbmsSet() == null || changeSet.getDbmsSet().isEmpty()
                || changeSet.getDbmsSet().contains(engine.dbms()) || changeSet.getDbmsSet().contains("all");
    }

    private static ManifestEntry entry(ChangeSet changeSet) {
        return new ManifestEntry(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                changeSet.generateCheckSum(ChecksumVersion.latest()).toString(),
                changeSet.isAlwaysRun(), changeSet.isRunOnChange());
    }
}
