package io.posdb.lint;

import io.posdb.changelog.Release;
import java.nio.file.Path;

/**
 * The build's lint step (exec-maven-plugin, phase process-classes, its first step): lints the
 * repository's changelog and fails the build on any error. It throws instead of calling
 * System.exit, which would end Maven's own JVM without saying why.
 * <p>Usage: {@code LintMain <master changelog>}.
 */
public final class LintMain {

    private LintMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LintMain <master changelog>");
        }
        Path master = Path.of(args[0]);
        // The pom gives the project's changelog by its absolute path: run from the project, it still reads
        // changelog/changes/... (Changelog.location), which the IDE's console links to the file.
        LintReport report = new ChangelogLinter(Release.current()).lint(master).locatedIn(master);
        report.lines().forEach(System.out::println);
        if (!report.clean()) {
            throw new IllegalStateException("posdb lint: " + report.errors().size() + " error(s) in " + args[0]
                    + "; see the findings above (docs/writing-migrations.md, Changelog lint)");
        }
    }
}
