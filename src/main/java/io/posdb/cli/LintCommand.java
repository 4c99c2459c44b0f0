package io.posdb.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.posdb.changelog.ChangelogLocation;
import io.posdb.changelog.Release;
import io.posdb.failure.BootFailure;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.Finding;
import io.posdb.lint.LintReport;
import io.posdb.lint.Suppression;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lint",
        description = "Check the changelog on disk against the migration rules (docs/writing-migrations.md, Changelog lint). "
                + "Exit 0 clean, 11 errors, 9 changelog missing or malformed.")
class LintCommand extends Subcommand {

    enum Format { text, github }

    @Option(names = "--changelog", paramLabel = "FILE", defaultValue = ChangelogLocation.MASTER,
            description = "Master changelog to lint (default: ${DEFAULT-VALUE} under the working directory).")
    Path changelog;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (file:line: RULE severity: message) or github (workflow annotations).")
    Format format;

    @Option(names = "--update-released-sum", description = "After a clean lint, record every changeset labelled up "
            + "to --release in changelog/released.sum (the release step).")
    boolean updateReleasedSum;

    @Option(names = "--release", paramLabel = "X.Y", description = "The release being built (default: this build's, "
            + "from the pom's version).")
    String release;

    /** What --json says if the lint cannot run (a missing or malformed changelog): what it was asked to lint. */
    record Asked(String changelog, String release) {
    }

    /** One finding as --json gives it. */
    record JsonFinding(String file, int line, String rule, String severity, String message, String fix) {
        static JsonFinding of(Finding finding) {
            return new JsonFinding(finding.file(), finding.line(), finding.rule().name(),
                    finding.severity().name().toLowerCase(Locale.ROOT), finding.message(), finding.fix());
        }
    }

    /**
     * The lint's findings; {@code lines} is the text a person reads (or GitHub's annotations), made
     * from the same findings. {@code releasedSumAdded} is null unless released.sum was asked for and
     * written.
     */
    record Result(String changelog, String release, boolean ok, List<JsonFinding> findings,
                  List<Suppression> suppressions, List<LintReport.Classified> compatibility, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> releasedSumAdded,
                  @JsonIgnore List<String> lines) implements CommandResult {
        @Override
        public String text() {
            return String.join(System.lineSeparator(), lines);
        }

        @Override
        public int exitCode() {
            return ok ? ExitCodes.OK : BootFailure.LINT_ERRORS.exitCode();
        }
    }

    /**
     * One line per changeset lint classed; those it could not class for one shared reason (every PostgreSQL
     * counterpart is "not observed: not an SQLite changeset") in one line after them, naming each: the reason
     * said once instead of once per changeset. {@code --json} keeps the reason on each.
     */
    private static List<String> classes(List<LintReport.Classified> classes) {
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> unknownFor = new LinkedHashMap<>();
        for (LintReport.Classified c : classes) {
            if (c.compatibility().equals("unknown") && c.reasons().size() == 1) {
                unknownFor.computeIfAbsent(c.reasons().get(0), reason -> new ArrayList<>()).add(c.id());
            } else {
                lines.add("  " + c.format());
            }
        }
        unknownFor.forEach((reason, ids) -> lines.add(ids.size() == 1 ? "  " + ids.get(0) + ": unknown (" + reason + ")"
                : "  unknown (" + reason + "): " + String.join(", ", ids)));
        return lines;
    }

    @Override
    CommandResult run() throws Exception {
        String building = release != null ? release : Release.current();
        known(new Asked(changelog.toString(), building));
        // A missing or malformed changelog is thrown: ExitCodes gives it its code (9), as for every command.
        // Findings on the files read, not on the changelog's names for them: an editor jumps to file:line in a copy too.
        LintReport report = ExitCodes.option(spec, "--release", () -> new ChangelogLinter(building)).lint(changelog)
                .locatedIn(changelog);
        List<String> lines = new ArrayList<>();
        // None when lint stopped before observing the changesets (an sqlFile the jar lacks): no heading over nothing.
        if (format == Format.text && !report.compatibility().isEmpty()) {
            // Ahead of time, what each changeset will be recorded as when a till applies it (docs/releases.md).
            lines.add("Compatibility with older releases:");
            lines.addAll(classes(report.compatibility()));
        }
        lines.addAll(format == Format.github
                ? report.findings().stream().map(Finding::githubAnnotation).toList() : report.lines());
        List<String> added = null;
        List<Finding> findings = new ArrayList<>(report.findings());
        if (updateReleasedSum && report.clean()) {
            added = ChangelogLinter.updateReleasedSum(changelog, building);
            lines.add("released.sum: added " + (added.isEmpty() ? "nothing (it lists every released changeset)"
                    : String.join(", ", added)));
            // The lint above read released.sum before this release was in it: a release recorded now without its
            // tag changeset is said here, not only by the next lint.
            List<Finding> untagged = ChangelogLinter.releasesWithoutTag(changelog).stream()
                    .map(finding -> finding.locatedIn(changelog)).filter(finding -> !report.findings().contains(finding)).toList();
            findings.addAll(untagged);
            lines.addAll(untagged.stream().map(format == Format.github ? Finding::githubAnnotation : Finding::format)
                    .toList());
        } else if (updateReleasedSum) {
            lines.add("released.sum not updated: fix the errors first");
        }
        return new Result(changelog.toString(), building, report.clean(),
                findings.stream().map(JsonFinding::of).toList(), report.suppressions(), report.compatibility(),
                added, lines);
    }
}
