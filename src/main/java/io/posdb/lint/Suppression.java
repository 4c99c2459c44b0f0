package io.posdb.lint;

import java.nio.file.Path;

/** A {@code # lint: allow RULE because reason} comment, listed by every lint run. */
public record Suppression(String file, int line, String rule, String changeSetId, String reason) {

    /** This comment on the file lint read for {@code master}, as {@link Finding#locatedIn} places a finding. */
    public Suppression locatedIn(Path master) {
        return new Suppression(Changelog.location(master, file), line, rule, changeSetId, reason);
    }

    public String format() {
        return file + ":" + line + ": " + rule + " allowed on " + changeSetId + " because " + reason;
    }
}
