package io.posdb.changelog;

/**
 * Where the master changelog is found. The same relative path works on the classpath (the
 * app and the jar) and under the repository root (Maven and Liquibase's CLI search path).
 */
public final class ChangelogLocation {

    public static final String MASTER = "changelog/db.changelog-master.yaml";

    private ChangelogLocation() {
    }
}
