package io.posdb.drift;

import io.posdb.failure.BootFailure;
import io.posdb.report.DriftDifference;
import io.posdb.schema.SchemaDifference;
import java.util.List;

/**
 * The differences of a live schema from what its applied changesets produce ({@code found}, each typed; in words
 * {@link #differences()}); {@code fingerprintMatched} says the check was settled by a fingerprint known to be clean
 * (SQLite: the one the build recorded; PostgreSQL: the one recorded on the server after a
 * clean full comparison), with no scratch database. {@code notCompared} is why the schema was not
 * compared (null when it was): a database with no changeset applied yet has no schema of the
 * changelog's to compare with (see {@link #NO_CHANGESET_APPLIED}); its {@code differences} are then
 * only the objects the changelog does not own, which its first boot adopts with it.
 */
public record DriftReport(String database, List<DriftDifference> found, boolean fingerprintMatched, String notCompared) {

    public DriftReport {
        found = List.copyOf(found);
    }

    /**
     * Why a database with no changeset applied (a legacy shop, or an empty file) is not compared: what
     * its applied changesets produce is nothing, so every table would read as "not in the changelog",
     * while nothing is wrong (the next boot adopts it). The doctor and {@code posdb drift} say it in
     * these words ({@link #notComparedText}). Its objects that the changesets adopting it do not make
     * are still named: they are the changelog's no more after that boot than before.
     */
    public static final String NO_CHANGESET_APPLIED = "no changeset applied yet";

    /** What a boot does with objects the changelog does not own, in the doctor's and drift's words. */
    public static final String UNOWNED_AT_BOOT = "a plain boot keeps them and logs a WARN, "
            + "posdb boot --strict-schema refuses them (exit " + BootFailure.SCHEMA_DRIFT.exitCode() + ")";

    /** {@code d} as drift's and the doctor's JSON give it. */
    public static DriftDifference differenceOf(SchemaDifference d) {
        String what = switch (d.kind()) {
            case MISSING -> "missing";
            case NOT_IN_EXPECTED -> "unexpected";
            case CHANGED -> "changed";
        };
        return new DriftDifference(what, d.object(), d.objectKind().text(), d.name(), d.table(), d.attribute(),
                d.expected(), d.actual(), d.text());
    }

    /** Nothing compared, for {@code why}: no difference, no drift. */
    public static DriftReport notCompared(String database, String why) {
        return new DriftReport(database, List.of(), false, why);
    }

    /** "not compared: {@code why}", the one wording of an uncompared schema (doctor and drift). */
    public static String notComparedText(String why) {
        return "not compared: " + why;
    }

    public boolean compared() {
        return notCompared == null;
    }

    /** The differences in the words drift prints ({@link SchemaDifference#text}), one sentence each. */
    public List<String> differences() {
        return found.stream().map(DriftDifference::text).toList();
    }

    public boolean drift() {
        return !found.isEmpty();
    }
}
