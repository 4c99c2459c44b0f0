package io.posdb.lint;

/** How much a finding matters: errors fail the build and {@code posdb lint} (exit 11). */
public enum Severity {
    ERROR, WARNING;

    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
