package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.testsupport.CapturedConsole;
import io.posdb.testsupport.ToolProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The build's lint step (exec-maven-plugin): it fails, so the build fails, on any lint error. */
class LintMainTest {

    @TempDir
    Path dir;

    @Test
    void failsOnALintErrorAfterPrintingTheFindings() throws Exception {
        Path master = BadChangelog.with(dir, "        - dropTable: { tableName: product }",
                "      rollback:\n        - empty: {}\n");
        try (CapturedConsole stdout = CapturedConsole.stdout()) {
            assertThatThrownBy(() -> LintMain.main(new String[] {master.toString()}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("posdb lint: 3 error(s) in " + master);
            // Observed on the scratch: the drop cascades into saleitem, and an empty rollback gives nothing back.
            assertThat(stdout.text()).contains("DROP_TABLE error: dropTable deletes table product",
                    "DELETE_ROWS error: dropTable deletes rows from saleitem",
                    "ROLLBACK_DOES_NOT_RESTORE error: the rollback of " + BadChangelog.ID + " does not give back the state before it",
                    "lint: 3 error(s)");
        }
    }

    /**
     * Maven runs one phase's executions in the pom's order. The manifest and schema-fingerprint steps apply the
     * changelog too: run before lint, a changeset that fails on a fresh database failed the build with Liquibase's
     * SEVERE line, its stack trace and the fingerprint's exception, and lint's finding never appeared.
     */
    @Test
    void theBuildLintsTheChangelogBeforeItsOtherStepsReadIt() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ToolProcess.ROOT.resolve("pom.xml").toFile());
        NodeList executions = pom.getElementsByTagName("execution");
        List<String> processClasses = new ArrayList<>();
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            if (execution.getElementsByTagName("phase").getLength() > 0
                    && execution.getElementsByTagName("phase").item(0).getTextContent().equals("process-classes")) {
                processClasses.add(execution.getElementsByTagName("id").item(0).getTextContent());
            }
        }

        assertThat(processClasses).contains("changelog-manifest", "schema-fingerprint").first().isEqualTo("changelog-lint");
    }

    @Test
    void passesOnTheRepositoryChangelog() {
        try (CapturedConsole stdout = CapturedConsole.stdout()) {
            assertThatCode(() -> LintMain.main(new String[] {"changelog/db.changelog-master.yaml"}))
                    .doesNotThrowAnyException();
            assertThat(stdout.text()).contains("lint: 0 error(s)");
        }
    }

    /**
     * A data change's {@code -verify} changeset halts on the scratch's seeded rows: that is no error (lint
     * observes it past its guard), so the build's lint step passes printing no Liquibase SEVERE and no stack
     * trace. In a process: the build's JVM has no bridge from Liquibase's java.util.logging to posdb's logging.
     */
    @Test
    @Tag("process")
    void aVerifyChangesetThatTheScratchRowsBreakPassesWithoutAStackTrace() throws Exception {
        Path master = BadChangelog.withDataChangeVerify(dir.resolve("changelog"));

        ToolProcess.Run lint = ToolProcess.java(dir, LintMain.class.getName(), master.toString());

        assertThat(lint.exitCode()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("lint: 0 error(s)").doesNotContain("SEVERE", "Exception", "\tat ");
    }

    /**
     * A changeset that fails on the scratch database fails the build's lint step, in one finding with Liquibase's
     * reason: Liquibase's own SEVERE line and its stack trace do not reach the console of the build's JVM (the stack
     * trace left is the JVM's own, of LintMain's exception, which Maven prints as the step's failure).
     */
    @Test
    @Tag("process")
    void aChangeSetThatFailsOnTheScratchFailsTheStepInOneLineWithoutLiquibasesStackTrace() throws Exception {
        Path master = BadChangelog.with(dir.resolve("changelog"),
                "        - sql: { sql: \"CREATE INDEX ix_x ON product (nmae)\" }", "      rollback:\n        - sql: { sql: DROP INDEX ix_x }\n");

        ToolProcess.Run lint = ToolProcess.java(dir, LintMain.class.getName(), master.toString());

        assertThat(lint.exitCode()).as(lint.output()).isNotZero();
        assertThat(lint.output()).contains(BadChangelog.FILE + ":8: CHANGESET_FAILS error: changeset " + BadChangelog.ID
                        + " fails when applied after the changesets before it, on lint's scratch database: ",
                "no such column: nmae", "lint: 1 error(s)", "posdb lint: 1 error(s) in " + master)
                .doesNotContain("SEVERE", "encountered an exception", "liquibase.exception", "Caused by");
    }
}
