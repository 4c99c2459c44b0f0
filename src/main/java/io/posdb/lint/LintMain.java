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
        LintReport report = new ChangelogLinter(Release.current()).lint(Path.of(args[0]));
        report.lines().forEach(System.out::println);
        if (!report.clean()) {
            throw new IllegalStateException("posdb lint: " + report.errors().size() + " error(s) in " + args[0]
                    + "; see the findings above (docs/writing-migrations.md, Changelog lint)");
        }
    }
}
