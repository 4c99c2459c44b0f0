package io.posdb.cli;

import io.posdb.changelog.ChangelogLocation;
import io.posdb.changelog.Release;
import io.posdb.failure.BootFailure;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.MigrationException;
import io.posdb.lint.ChangelogLinter;
import io.posdb.lint.Finding;
import io.posdb.lint.LintReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lint", mixinStandardHelpOptions = true, versionProvider = PosdbVersion.class,
        description = "Check the changelog on disk against the migration rules (README: Changelog lint). "
                + "Exit 0 clean, 11 errors, 9 changelog missing or malformed.")
class LintCommand implements Callable<Integer> {

    enum Format { text, github }

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

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

    @Override
    public Integer call() {
        CommandOutput output = new CommandOutput(spec, options);
        String building = release != null ? release : Release.current();
        Map<String, Object> fields = CommandOutput.fields("changelog", changelog.toString(), "release", building);
        try {
            LintReport report = new ChangelogLinter(building).lint(changelog);
            fields.put("ok", report.clean());
            fields.put("findings", report.findings().stream().map(LintCommand::json).toList());
            fields.put("suppressions", report.suppressions());
            if (updateReleasedSum && report.clean()) {
                fields.put("released_sum_added", ChangelogLinter.updateReleasedSum(changelog, building));
            }
            output.result(fields, text(report, fields));
            if (!report.clean()) {
                return BootFailure.LINT_ERRORS.exitCode();
            }
            return ExitCodes.OK;
        } catch (ChangelogException e) {
            return output.failure("lint", e, fields, BootFailure.BAD_CHANGELOG.exitCode());
        } catch (MigrationException | IOException e) {
            return output.failure("lint", e, fields, BootFailure.MIGRATION_FAILED.exitCode());
        }
    }

    private String text(LintReport report, Map<String, Object> fields) {
        List<String> lines = format == Format.github
                ? report.findings().stream().map(Finding::githubAnnotation).toList() : report.lines();
        StringBuilder text = new StringBuilder(String.join(System.lineSeparator(), lines));
        if (fields.containsKey("released_sum_added")) {
            text.append(System.lineSeparator()).append("released.sum: added ").append(fields.get("released_sum_added"));
        } else if (updateReleasedSum) {
            text.append(System.lineSeparator()).append("released.sum not updated: fix the errors first");
        }
        return text.toString();
    }

    private static Map<String, Object> json(Finding finding) {
        return CommandOutput.fields("file", finding.file(), "line", finding.line(), "rule", finding.rule().name(),
                "severity", finding.severity().name().toLowerCase(java.util.Locale.ROOT), "message", finding.message(),
                "fix", finding.fix());
    }
}
