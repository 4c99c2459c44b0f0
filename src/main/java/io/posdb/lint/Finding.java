package io.posdb.lint;

import java.nio.file.Path;

/**
 * One rule broken at one place: {@code file:line: RULE severity: message (fix: ...)}. Lint names the file as the
 * changelog does ({@code changelog/changes/...}, the same for every copy); {@link #locatedIn} names the file read.
 */
public record Finding(String file, int line, Rule rule, String message) {

    /** This finding on the file lint read for {@code master}: what an editor opens ({@link Changelog#location}). */
    public Finding locatedIn(Path master) {
        return new Finding(Changelog.location(master, file), line, rule, message);
    }

    public Severity severity() {
        return rule.severity();
    }

    public String fix() {
        return rule.fix();
    }

    /** The line a person reads: {@code file:line: RULE severity: message (fix: ...)}. */
    public String format() {
        return file + ":" + line + ": " + rule.name() + " " + severity().word() + ": " + message
                + " (fix: " + fix() + ")";
    }

    /** A GitHub Actions workflow command, shown as an annotation on the line. */
    public String githubAnnotation() {
        return "::" + severity().word() + " file=" + file + ",line=" + line + ",title=" + rule.name() + "::"
                + (message + " (fix: " + fix() + ")").replace("%", "%25").replace("\n", "%0A");
    }
}
