package io.posdb.lint;

import io.posdb.changelog.Release;
import io.posdb.testsupport.Changelogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's real changelog (with its released.sum) copied into a folder, plus one bad
 * changeset file {@code changes/NNNN-x.yaml}, NNNN the number after the newest real changeset's (so that
 * the next release's changesets never share it). The changeset's first change is on line 8:
 * <pre>
 * 1 databaseChangeLog:
 * 2   - logicalFilePath: changelog/changes/NNNN-x.yaml
 * 3   - changeSet:
 * 4       id: NNNN-x
 * 5       author: posdb
 * 6       labels: release-X.Y (the pom's release, Release.label())
 * 7       changes:
 * 8         - (the change)
 * </pre>
 */
final class BadChangelog {

    /** The bad changeset's id, which is its file's name. */
    static final String ID = Changelogs.nextNumber() + "-x";
    static final String FILE_NAME = ID + ".yaml";
    static final String FILE = "changelog/changes/" + FILE_NAME;

    private BadChangelog() {
    }

    /** {@code changes} and {@code after} are indented as changeset attributes (6 spaces). */
    static Path with(Path dir, String changes, String after) throws IOException {
        return Changelogs.withExtraChangeSet(dir, FILE_NAME, file(ID, Release.label(), changes, after));
    }

    static String file(String id, String label, String changes, String after) {
        return "databaseChangeLog:\n"
                + "  - logicalFilePath: " + FILE + "\n"
                + "  - changeSet:\n"
                + "      id: " + id + "\n"
                + "      author: posdb\n"
                + "      labels: " + label + "\n"
                + "      changes:\n"
                + changes.stripTrailing() + "\n"
                + after;
    }

    /** The id of {@link #withDataChangeVerify}'s changeset: a data change's {@code -verify}, named as the scaffold names it. */
    static final String VERIFY_ID = Changelogs.nextNumber() + "-lower-payment-methods-verify";

    /**
     * The project's changelog plus a data change's {@code -verify} changeset as {@code bin/new-changeset --data}
     * writes it (its template, the TODOs filled: sale.payment_method is CASH or CARD). The scratch's seeded
     * rows break its guard, as no mapping knows them; a shop's rows (and a fresh database's none) meet it.
     */
    static Path withDataChangeVerify(Path dir) throws IOException {
        String template;
        try (InputStream in = BadChangelog.class.getResourceAsStream("/io/posdb/changegen/data-change-verify.yaml.txt")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Changelogs.withExtraChangeSet(Files.createDirectories(dir), VERIFY_ID + ".yaml", template
                .replace("{{CHANGE_ID}}", "the data change before it").replace("{{ID}}", VERIFY_ID)
                .replace("{{AUTHOR}}", "posdb").replace("{{LABEL}}", Release.label())
                .replace("{{CLASS}}", "LowerPaymentMethods").replace("TODO_table", "sale")
                .replace("TODO_column", "payment_method").replace("\"TODO,values\"", "\"CASH,CARD\""));
    }

    static String line(int line, Rule rule, String message) {
        return FILE + ":" + line + ": " + rule.name() + " error: " + message + " (fix: " + rule.fix() + ")";
    }

    static LintReport lint(Path master) throws Exception {
        return new ChangelogLinter(Release.current()).lint(master);
    }

    /** The formatted findings of one rule. */
    static java.util.List<String> findings(Path master, Rule rule) throws Exception {
        return lint(master).findings().stream().filter(f -> f.rule() == rule).map(Finding::format).toList();
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }
}
