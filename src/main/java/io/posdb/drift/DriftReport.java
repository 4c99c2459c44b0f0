package io.posdb.drift;

import io.posdb.changelog.Release;
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
 * {@code notComparedChangesets} are the applied changesets this changelog does not know that boot lets run (each
 * recorded compatible with this release, as a newer release records them): the schema was compared for the part
 * this release knows, and what those changesets changed is theirs, not compared ({@link #notComparedChangesetsText}).
 */
public record DriftReport(String database, List<DriftDifference> found, boolean fingerprintMatched, String notCompared,
                          List<String> notComparedChangesets) {

    public DriftReport {
        found = List.copyOf(found);
        notComparedChangesets = List.copyOf(notComparedChangesets);
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
        return new DriftReport(database, List.of(), false, why, List.of());
    }

    /**
     * Why a database with changesets this changelog does not have ({@code ids}), which boot refuses to run on, is
     * not compared, in the doctor's and drift's words: its schema is not what this release's changesets produce.
     */
    public static String unknownChangesets(List<String> ids) {
        return "it has changeset(s) this changelog does not have (" + String.join(", ", ids) + ")";
    }

    /**
     * What the doctor and drift add when the schema was compared beside changesets this release does not know but
     * runs on ({@code ids}, recorded compatible): what they changed is not compared ({@link #notComparedText}); a
     * release that has them compares it.
     */
    public static String notComparedChangesetsText(List<String> ids) {
        boolean one = ids.size() == 1;
        return notComparedText("what " + String.join(", ", ids) + " changed (" + (one ? "a changeset" : "changesets")
                + " posdb " + Release.current() + " does not know, recorded compatible with it; posdb drift with the "
                + "release that wrote " + (one ? "it" : "them") + " compares that)");
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
