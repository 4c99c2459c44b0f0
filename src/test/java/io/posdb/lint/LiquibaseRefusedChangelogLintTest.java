package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.Engine;
import io.posdb.failure.ChangelogException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A changelog lint's own YAML reader takes but Liquibase refuses, to parse (a change type or precondition it does not
 * know, an onFail value it does not know) or to checksum (an {@code sqlFile} that is not there), is malformed for lint
 * as for boot: lint throws the {@link ChangelogException} boot throws (exit 9), in boot's words, naming the file and
 * Liquibase's reason, instead of judging the changesets' text alone and passing them. Without released.sum too (a
 * changelog before its first release): only its checksums, read by chance, once made lint say it.
 */
class LiquibaseRefusedChangelogLintTest {

    private static final String ROLLBACK = "      rollback:\n        - sql: SELECT 1\n";

    @TempDir
    Path dir;

    static Stream<Arguments> refusedByLiquibase() {
        return Stream.of(
                arguments("a change type Liquibase does not know", "        - fooBar: { tableName: sale }", ROLLBACK,
                        "Unknown change type 'fooBar'"),
                arguments("a precondition Liquibase does not know", "        - sql: SELECT 1", ROLLBACK
                        + "      preConditions:\n        - onFail: HALT\n        - fooExists: { tableName: sale }\n",
                        "Unknown precondition 'fooExists'"),
                arguments("an onFail value Liquibase does not know", "        - sql: SELECT 1", ROLLBACK
                        + "      preConditions:\n        - onFail: BOGUS\n        - tableExists: { tableName: sale }\n",
                        "Unknown onFail attribute value 'BOGUS'"),
                arguments("an sqlFile that is not there",
                        "        - sqlFile: { path: not-there.sql, relativeToChangelogFile: true }", ROLLBACK,
                        "not-there.sql does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByLiquibase")
    void aChangelogLiquibaseRefusesFailsLintAsMalformedInBootsWordsEvenWithoutReleasedSum(
            String what, String changes, String after, String reason) throws Exception {
        Path master = BadChangelog.with(dir, changes, after);
        Files.delete(dir.resolve(ReleasedSum.FILE_NAME));
        // What boot reads first: the changelog's manifest, parsed by Liquibase with each changeset's checksum, from
        // the changelog as the jar packages it.
        Throwable boot = catchThrowable(() -> ChangelogManifest.parse(ChangelogSource.packagedFrom(master),
                Engine.SQLITE));
        assertThat(boot).as("boot refuses " + what).isInstanceOf(ChangelogException.class).hasMessageContaining(reason);

        assertThatThrownBy(() -> BadChangelog.lint(master)).as("lint refuses " + what)
                .isInstanceOf(ChangelogException.class).hasMessage(boot.getMessage())
                .hasMessageContaining(BadChangelog.FILE_NAME);
    }
    /**
     * A customChange whose class the jar lacks (a changeset merged, the jar not rebuilt): Liquibase's words end in the
     * bare class name of a ClassNotFoundException. Boot and lint say the class is not on the classpath, the file
     * that names it, and to rebuild the jar with it.
     */
    @Test
    void aCustomChangeClassTheJarLacksIsSaidToBeMissingFromTheClasspathNamingTheFileAndTheBuild() throws Exception {
        String missing = "io.posdb.migration.changes.NormalisePaymentMethods";
        Path master = BadChangelog.with(dir, "        - customChange: { class: " + missing + " }", ROLLBACK);

        Throwable boot = catchThrowable(() -> ChangelogManifest.parse(ChangelogSource.packagedFrom(master),
                Engine.SQLITE));

        assertThat(boot).isInstanceOf(ChangelogException.class)
                .hasMessageContaining("Changelog " + master.toAbsolutePath().normalize() + " cannot be read")
                .hasMessageContaining("changes/" + BadChangelog.FILE_NAME + " names the custom change class " + missing
                        + ", which is not on the classpath")
                .hasMessageContaining("mvn package")
                .hasRootCauseInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> BadChangelog.lint(master)).isInstanceOf(ChangelogException.class)
                .hasMessage(boot.getMessage());
    }
}
