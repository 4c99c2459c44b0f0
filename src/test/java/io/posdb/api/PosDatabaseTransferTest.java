package io.posdb.api;

import io.posdb.report.TransferredTable;
import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.posdb.database.PostgresDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PosDatabaseTransfer#shopToServer} from a real SQLite file into a real PostgreSQL database:
 * what it returns and the kind of a refusal. ShopTransferTest covers the copy itself.
 */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
class PosDatabaseTransferTest {

    @TempDir
    Path dir;

    private PostgresDatabase server;

    @BeforeEach
    void freshServerDatabase() throws Exception {
        server = PostgresServer.createDatabase();
    }

    @AfterEach
    void dropServerDatabase() throws Exception {
        PostgresServer.drop(server);
    }

    @Test
    void returnsEveryBusinessTableWithTheRowsOfTheShopOnBothSides() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(shop).build());
        Map<String, List<String>> rows = DatabaseContents.businessRows(shop);

        List<TransferredTable> tables = PosDatabaseTransfer.shopToServer(PosDatabaseSettings.sqlite(shop).build(),
                PosDatabaseSettings.of(server).build());

        for (String table : DatabaseContents.BUSINESS_TABLES) {
            assertThat(tables).filteredOn(t -> t.table().equals(table)).singleElement().satisfies(t -> {
                assertThat(t.sourceRows()).isEqualTo(rows.get(table).size());
                assertThat(t.targetRows()).isEqualTo(rows.get(table).size());
            });
        }
    }

    /**
     * A shop a power cut left with a hot -journal is read on a private copy rolled back; when that copy cannot be
     * made (java.io.tmpdir names no folder), the application gets posdb's one failure type, NOT_WRITABLE, not an
     * unchecked exception, and neither the shop nor the server is touched.
     */
    @Test
    void aShopWhoseJournalCannotBeRolledBackOnAPrivateCopyIsANotWritableFailure() throws Exception {
        Path shop = WalFiles.shop(dir.resolve("shop.db"), WalFiles.JournalMode.DELETE);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(shop).build());
        WalFiles.cutTransaction(shop, "DELETE FROM sale", 3_000, false);
        Map<String, String> before = Bytes.folder(dir);
        String temporaryFolder = System.getProperty("java.io.tmpdir");

        Throwable failure;
        System.setProperty("java.io.tmpdir", dir.resolve("no-such-folder").toString());
        try {
            failure = catchThrowable(() -> PosDatabaseTransfer.shopToServer(PosDatabaseSettings.sqlite(shop).build(),
                    PosDatabaseSettings.of(server).build()));
        } finally {
            System.setProperty("java.io.tmpdir", temporaryFolder);
        }

        assertThat(failure).isInstanceOf(PosDatabaseException.class).hasMessageContaining("without writing to it");
        assertThat(((PosDatabaseException) failure).kind()).isEqualTo(BootFailure.NOT_WRITABLE);
        assertThat(Bytes.folder(dir)).as("the shop's folder").isEqualTo(before);
        try (Connection connection = server.open(); ResultSet tables = connection.getMetaData()
                .getTables(null, "public", "sale", null)) {
            assertThat(tables.next()).as("a sale table on the server").isFalse();
        }
    }

    @Test
    void theCommitIsLoggedWithEachTablesRowsAndMoneyTotalsInWords() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(shop).build());

        List<TransferredTable> tables;
        List<String> logged;
        try (CapturedLogs logs = new CapturedLogs("io.posdb.transfer")) {
            tables = PosDatabaseTransfer.shopToServer(PosDatabaseSettings.sqlite(shop).build(),
                    PosDatabaseSettings.of(server).build());
            logged = logs.messages();
        }

        TransferredTable sale = tables.stream().filter(t -> t.table().equals("sale")).findFirst().orElseThrow();
        assertThat(logged).filteredOn(line -> line.startsWith("Transfer of " + shop.toAbsolutePath().normalize() + " to "))
                .singleElement().asString()
                .contains("committed (source → target): ")
                .contains("sale " + sale.sourceRows() + " → " + sale.targetRows() + " rows, total "
                        + sale.sourceTotal() + " → " + sale.targetTotal())
                .doesNotContain("TransferredTable[");
    }

    @Test
    void aShopNotUpgradedToThisReleaseIsRefusedAndTheServerGetsNoTables() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));

        assertRefused(() -> PosDatabaseTransfer.shopToServer(PosDatabaseSettings.sqlite(shop).build(),
                PosDatabaseSettings.of(server).build()), BootFailure.MIGRATION_FAILED, "is not upgraded to this release");
        try (Connection connection = server.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                     + "WHERE table_schema = current_schema()")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void wrongCredentialsAreAConnectionFailureAndTheDirectionIsChecked() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        PostgresDatabase wrongPassword = new PostgresDatabase(server.description(), PostgresServer.user(),
                "not-" + PostgresServer.password());

        assertRefused(() -> PosDatabaseTransfer.shopToServer(PosDatabaseSettings.sqlite(shop).build(),
                PosDatabaseSettings.of(wrongPassword).build()), BootFailure.CONNECTION, "Cannot connect");
        assertThatThrownBy(() -> PosDatabaseTransfer.shopToServer(PosDatabaseSettings.of(server).build(),
                PosDatabaseSettings.sqlite(shop).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from must be an SQLite file");
    }
}
