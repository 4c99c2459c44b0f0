package io.posdb.lint;

/** A {@code # lint: allow RULE because reason} comment, listed by every lint run. */
public record Suppression(String file, int line, String rule, String changeSetId, String reason) {

    public String format() {
        return file + ":" + line + ": " + rule + " allowed on " + changeSetId + " because " + reason;
    }
}
