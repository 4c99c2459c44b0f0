package io.posdb.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.upgrade.sqlite.TemporaryCopy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The failure path of the envelope every command that writes a file runs in, on a real SQLite file. */
@ExtendWith(QuietLogs.class)
class UpgradeEnvelopeTest {

    private static final UpgradeEnvelope.Operation UPGRADE = new UpgradeEnvelope.Operation("upgrade",
            "Migration failed", "test", "Done", Path.of("rehearsed.db"));

    /** What the work below writes beside the file before the disk refuses it: the restore removes it. */
    private static final long TAKEN = 128L << 20;

    @TempDir
    Path dir;

    /**
     * A full disk is said with the room that was free when the work failed, measured once, before the restore gives
     * back what the work took (here a -journal it wrote): measured after it, the message would show room the work
     * never had. The record of the attempt names the same number.
     */
    @Test
    void aFullDiskIsSaidWithTheSpaceFreeWhenTheWorkFailedNotAfterTheRestore() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("pos.db"));
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file).build();
        UpgradeEnvelope.Work fillsTheDisk = new UpgradeEnvelope.Work("Filling the disk", null, migrations -> {
            write(file.resolveSibling("pos.db-journal"), TAKEN);
            throw new MigrationException("Cannot write the journal", new IOException("No space left on device"));
        }, UpgradeEnvelope.Check.NONE);

        PosDatabaseException failed = catchThrowableOfType(() -> new UpgradeEnvelope(SqliteDatabase.at(file), settings)
                .run(UPGRADE, plan -> Optional.of(fillsTheDisk)), PosDatabaseException.class);
        long freeAfterTheRestore = Files.getFileStore(dir).getUsableSpace();

        assertThat(failed.kind()).isEqualTo(BootFailure.NOT_WRITABLE);
        Matcher said = Pattern.compile("\\((\\d+) bytes free in " + Pattern.quote(dir.toString()) + "\\)")
                .matcher(failed.getMessage());
        assertThat(said.find()).as(failed.getMessage()).isTrue();
        long freeSaid = Long.parseLong(said.group(1));
        assertThat(said.find()).as("said once: " + failed.getMessage()).isFalse();
        assertThat(file.resolveSibling("pos.db-journal")).as("restored").doesNotExist();
        // Half of what the work took: the rest of the machine may write meanwhile.
        assertThat(freeSaid).as("free when the work failed, the journal still there")
                .isLessThan(freeAfterTheRestore - TAKEN / 2);
        assertThat(PosDatabaseChecks.runs(settings)).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(UpgradeRun.FAILED_RESTORED);
            assertThat(run.message()).contains("(" + freeSaid + " bytes free in " + dir + ")");
        });
    }

    /**
     * A stopped rehearsal's shutdown hook takes its copy's folder away while the rehearsal goes on: the upgrade of
     * the copy then fails, rather than make the folder again and build a new database in it that nobody removes.
     */
    @Test
    void anUpgradeOfARehearsalsCopyWhoseFolderIsGoneFailsWithoutMakingItAgain() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("pos.db"));
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(shop).build();
        Path copy;
        try (TemporaryCopy rehearsal = TemporaryCopy.of(SqliteDatabase.at(shop), "posdb-rehearsal-")) {
            copy = rehearsal.file();
        }
        assertThat(copy.getParent()).as("the hook's work, as close does it").doesNotExist();

        PosDatabaseException failed = catchThrowableOfType(() -> DatabaseBootstrap.upgradeRehearsalCopy(
                SqliteDatabase.at(copy), shop, settings, plan -> { }), PosDatabaseException.class);

        assertThat(failed.kind()).isEqualTo(BootFailure.MISSING_DATABASE);
        assertThat(failed.getMessage()).contains(copy.toString(), shop.toString());
        assertThat(copy.getParent()).doesNotExist();
    }

    private static void write(Path file, long bytes) {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
