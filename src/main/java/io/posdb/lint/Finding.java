package io.posdb.lint;

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
        return file + ":" + line + ": " + rule.name() + " " + severity().word() + ": " + message
                + " (fix: " + fix() + ")";
    }

    /** A GitHub Actions workflow command, shown as an annotation on the line. */
    public String githubAnnotation() {
        return "::" + severity().word() + " file=" + file + ",line=" + line + ",title=" + rule.name() + "::"
                + (message + " (fix: " + fix() + ")").replace("%", "%25").replace("\n", "%0A");
    }
}
