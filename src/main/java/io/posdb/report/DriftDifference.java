package io.posdb.report;

/**
 * One difference of a live schema from what its applied changesets produce, as {@code posdb drift --json} and the
 * doctor's {@code --json} both give it: {@code what} happened to the object ({@code missing}, {@code unexpected}: not
 * in the changelog, or {@code changed}), the object's label ({@code column product.stock}) and its kind, name and
 * table (null for a view), for a changed attribute its name with the changelog's value ({@code expected}) and the
 * database's ({@code actual}), and the sentence the text output prints. Drift builds it from the one differ's
 * {@code SchemaDifference} ({@code DriftReport.differenceOf}).
 */
public record DriftDifference(String what, String object, String objectKind, String name, String table,
                              String attribute, String expected, String actual, String text) {
}
