package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one way posdb copies a live SQLite file ({@link SqliteDatabase#backupTo}, SQLite's backup API),
 * used by upgrade snapshots, rehearsals' temporary copies and the observed effects' cache.
 */
class SqliteBackupToTest {

    private static final String HOT_SALES = "SELECT COUNT(*) FROM sale WHERE receipt_no LIKE '"
            + WalFiles.HOT_RECEIPT_PREFIX + "%'";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aCopyHoldsEveryRowAndKeepsTheFilesJournalMode(JournalMode mode) throws Exception {
        Path shop = WalFiles.shop(dir.resolve("pos.db"), mode);
        Path copy = dir.resolve("copy.db");

        SqliteDatabase.at(shop).backupTo(copy);

        assertThat(WalFiles.journalMode(copy)).isEqualTo(mode.name().toLowerCase(Locale.ROOT));
        for (String table : new String[] {"user", "product", "sale"}) {
            String count = "SELECT COUNT(*) FROM \"" + table + "\"";
            assertThat(WalFiles.count(copy, count)).as(table).isEqualTo(WalFiles.countInCopy(shop, count));
        }
    }

    @Test
    void aReadOnlyHandleCopiesTheSalesOnlyInTheWalAndLeavesTheOriginalsFilesAsTheyWere() throws Exception {
        Path shop = WalFiles.shopWithHotWal(dir.resolve("pos.db"), 7);
        Path wal = shop.resolveSibling("pos.db-wal");
        byte[] main = Files.readAllBytes(shop);
        byte[] walBytes = Files.readAllBytes(wal);
        assertThat(WalFiles.salesInMainFileAlone(shop)).isLessThan(WalFiles.countInCopy(shop, "SELECT COUNT(*) FROM sale"));
        Path copy = dir.resolve("copy.db");

        SqliteDatabase.readOnlyAt(shop).backupTo(copy);

        assertThat(WalFiles.count(copy, HOT_SALES)).isEqualTo(7);
        assertThat(Files.readAllBytes(shop)).isEqualTo(main);
        assertThat(Files.readAllBytes(wal)).isEqualTo(walBytes);
    }
}
