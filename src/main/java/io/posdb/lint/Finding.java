package io.posdb.lint;

import java.util.Locale;

/** One rule broken at one place: {@code file:line: RULE severity: message (fix: ...)}. */
public record Finding(String file, int line, Rule rule, String message) {

    public Severity severity() {
        return rule.severity();
    }

    public String fix() {
        return rule.fix();
    }

    /** The line a person reads: {@code file:line: RULE severity: message (fix: ...)}. */
    public String format() {
        return file + ":" + line + ": " + rule.name() + " " + severity().name().toLowerCase(Locale.ROOT) + ": " + message
                + " (fix: " + fix() + ")";
    }

    /** A GitHub Actions workflow command, shown as an annotation on the line. */
    public String githubAnnotation() {
        String command = severity() == Severity.ERROR ? "error" : "warning";
        return "::" + command + " file=" + file + ",line=" + line + ",title=" + rule.name() + "::"
                + (message + " (fix: " + fix() + ")").replace("%", "%25").replace("\n", "%0A");
    }
}
