package io.posdb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.ApplicationName;
import io.posdb.database.PostgresDatabase;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PosDatabaseSettingsTest {

    private final PosDatabaseSettings.Builder builder = PosDatabaseSettings.sqlite(Path.of("pos.db"));

    @Test
    void keepsWhatWasSet() {
        PosDatabaseSettings settings = builder.lockWait(Duration.ofSeconds(5)).keepSnapshots(7)
                .allowNewerDatabase(true).maximumPoolSize(2).hibernateProperty("hibernate.jdbc.batch_size", "20")
                .build();

        assertThat(settings.lockWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.keepSnapshots()).isEqualTo(7);
        assertThat(settings.allowNewerDatabase()).isTrue();
        assertThat(settings.maximumPoolSize()).isEqualTo(2);
        assertThat(settings.hibernateProperties()).containsEntry("hibernate.jdbc.batch_size", "20");
        assertThat(settings.database().description()).isEqualTo(Path.of("pos.db").toAbsolutePath().toString());
    }

    @Test
    void eachDefaultIsTheBuildersOwn() {
        PosDatabaseSettings settings = builder.build();

        assertThat(settings.lockWait()).isEqualTo(PosDatabaseSettings.DEFAULT_LOCK_WAIT).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.keepSnapshots()).isEqualTo(PosDatabaseSettings.DEFAULT_KEEP_SNAPSHOTS).isEqualTo(3);
        assertThat(settings.allowNewerDatabase()).isFalse();
        assertThat(settings.strictSchema()).isFalse();
        assertThat(settings.maximumPoolSize()).isEqualTo(PosDatabaseSettings.DEFAULT_SQLITE_POOL_SIZE);
        assertThat(PosDatabaseSettings.postgresql("jdbc:postgresql://db/pos", "pos", "x").build().maximumPoolSize())
                .isEqualTo(PosDatabaseSettings.DEFAULT_POSTGRESQL_POOL_SIZE);
    }

    @Test
    void showsTheServerWithoutItsPassword() {
        PosDatabaseSettings settings = PosDatabaseSettings.postgresql(
                "jdbc:postgresql://db/pos?password=hunter2", "pos", "s3cret").build();

        assertThat(settings.toString()).contains("jdbc:postgresql://db/pos").doesNotContain("hunter2", "s3cret");
    }

    @Test
    void showsTheServerWithoutThePasswordOfItsUserPart() {
        PosDatabaseSettings settings = PosDatabaseSettings.postgresql(
                "jdbc:postgresql://pos:hun@ter2@db:5432/pos?sslpassword=s3cret", null, null).build();
        PostgresDatabase server = (PostgresDatabase) settings.database();

        assertThat(settings.toString()).contains("jdbc:postgresql://pos:****@db:5432/pos")
                .doesNotContain("hun@ter2", "ter2", "s3cret");
        assertThat(server.redactSecrets("Connection to pos:hun@ter2@db:5432 refused"))
                .isEqualTo("Connection to pos:****@db:5432 refused");
    }

    @Test
    void aServersConnectionsNameThisReleaseAndTheTill() {
        PosDatabaseSettings settings = PosDatabaseSettings.postgresql("jdbc:postgresql://db/pos", "pos", "x")
                .tillName("till-north").upgradeDespiteOlderTills(true).build();

        assertThat(settings.tillName()).isEqualTo("till-north");
        assertThat(settings.upgradeDespiteOlderTills()).isTrue();
        assertThat(((PostgresDatabase) settings.database()).applicationName()).get()
                .extracting(ApplicationName::text).isEqualTo("posdb " + PosDatabase.release() + " till-north");
    }

    @Test
    void theDefaultTillNameIsTillAndTheHostNameWithinPostgresqlsLimit() throws Exception {
        PosDatabaseSettings settings = PosDatabaseSettings.postgresql("jdbc:postgresql://db/pos", "pos", "x").build();
        Path kernelName = Path.of("/proc/sys/kernel/hostname");
        String host = System.getenv("HOSTNAME") != null && !System.getenv("HOSTNAME").isBlank()
                ? System.getenv("HOSTNAME").strip()
                : Files.isReadable(kernelName) ? Files.readString(kernelName).strip()
                : InetAddress.getLocalHost().getHostName();

        assertThat(settings.tillName()).isEqualTo(PosDatabaseSettings.defaultTillName())
                .startsWith("till-" + host.substring(0, Math.min(host.length(), 10)));
        assertThat(settings.upgradeDespiteOlderTills()).isFalse();
        assertThat(((PostgresDatabase) settings.database()).applicationName().orElseThrow().text()
                .getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(ApplicationName.MAX_BYTES);
    }

    @Test
    void aDatabaseAlreadyNamedKeepsItsTillNameThroughNewSettings() {
        PosDatabaseSettings named = PosDatabaseSettings.postgresql("jdbc:postgresql://db/pos", "pos", "x")
                .tillName("till-south").build();

        assertThat(PosDatabaseSettings.of(named.database()).build().tillName()).isEqualTo("till-south");
    }

    @Test
    void theLongestTillNameAllowedFitsPostgresqlsApplicationName() {
        String longest = "t".repeat(ApplicationName.roomForTillName(PosDatabase.release()));
        PosDatabaseSettings settings = PosDatabaseSettings.postgresql("jdbc:postgresql://db/pos", "pos", "x")
                .tillName(longest).build();

        assertThat(((PostgresDatabase) settings.database()).applicationName().orElseThrow().text())
                .hasSize(ApplicationName.MAX_BYTES).endsWith(" " + longest);
    }

    @Nested
    class RefusesWhereSetNamingTheSetting {

        @Test
        void aTillNameTooLongForPostgresql() {
            String tooLong = "t".repeat(ApplicationName.roomForTillName(PosDatabase.release()) + 1);
            assertThatThrownBy(() -> builder.tillName(tooLong)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("tillName must be at most " + (tooLong.length() - 1) + " characters");
        }

        @Test
        void aTillNameWithASpaceOrBeyondAscii() {
            assertThatThrownBy(() -> builder.tillName("till north")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("tillName must be printable ASCII without spaces");
            assertThatThrownBy(() -> builder.tillName("kasse-süd")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("tillName must be printable ASCII without spaces");
        }

        @Test
        void aBlankTillName() {
            assertThatThrownBy(() -> builder.tillName(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tillName must be set");
        }

        @Test
        void aNegativeLockWait() {
            assertThatThrownBy(() -> builder.lockWait(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("lockWait must be zero or more, got -1s");
        }

        @Test
        void aMissingLockWait() {
            assertThatThrownBy(() -> builder.lockWait(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("lockWait must be set");
        }

        @Test
        void aMissingChangelog() {
            assertThatThrownBy(() -> builder.changelog(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("changelog must be set");
        }

        @Test
        void aFileThatStartsWithATildeOnlyAShellExpands() {
            // Java would make a folder named "~" in the working directory and a new, empty shop in it.
            assertThatThrownBy(() -> PosDatabaseSettings.sqlite(Path.of("~/pos/pos.db")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("database file ~/pos/pos.db starts with ~, which only a shell expands: write the full "
                            + "path (" + Path.of(System.getProperty("user.home"), "pos/pos.db") + ")");
        }

        @Test
        void aFileWrittenAsAUrlNamesThePathItMeant() {
            // Made absolute, it would be a new, empty shop under a folder called "jdbc:sqlite:" (or "file:").
            assertThatThrownBy(() -> PosDatabaseSettings.sqlite(Path.of("jdbc:sqlite:/shop/pos.db")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("database file jdbc:sqlite:/shop/pos.db "
                            + "is written as a URL: give the file's path (/shop/pos.db)");
            assertThatThrownBy(() -> PosDatabaseSettings.sqlite(Path.of("file:/shop/pos.db")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give the file's path "
                            + "(/shop/pos.db)");
        }

        @Test
        void aFileSqlitesDriverWouldOpenUnderAnotherNameNamesTheOneItWouldOpen() {
            assertThatThrownBy(() -> PosDatabaseSettings.sqlite(Path.of("/shop/pos.db\t")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("database file \"/shop/pos.db\t\" ends with a space: it would open \"/shop/pos.db\" "
                            + "instead; rename the file, or give its path without it");
            assertThatThrownBy(() -> PosDatabaseSettings.sqlite(Path.of("/shop/pos.db?mode=ro")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds a ?, after which SQLite's driver reads its own options: it would "
                            + "open \"/shop/pos.db\" instead");
        }

        @Test
        void aMissingDatabase() {
            assertThatThrownBy(() -> PosDatabaseSettings.of(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("database must be set");
        }

        @Test
        void aHibernatePropertyWithoutAName() {
            assertThatThrownBy(() -> builder.hibernateProperty(" ", "20"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("hibernateProperty name must be set");
        }

        @Test
        void noSnapshotsKept() {
            assertThatThrownBy(() -> builder.keepSnapshots(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("keepSnapshots must be at least 1, got 0");
        }

        @Test
        void anEmptyPool() {
            assertThatThrownBy(() -> builder.maximumPoolSize(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumPoolSize must be at least 1, got 0");
        }

        @Test
        void aHibernatePropertyPosdbSetsItself() {
            assertThatThrownBy(() -> builder.hibernateProperty("hibernate.hbm2ddl.auto", "update"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("hibernateProperty hibernate.hbm2ddl.auto is set by posdb");
            assertThatThrownBy(() -> builder.hibernateProperty("hibernate.connection.url", "jdbc:sqlite:x.db"))
                    .hasMessageStartingWith("hibernateProperty hibernate.connection.url is set by posdb");
        }

        @Test
        void aHibernatePropertyWithoutAValue() {
            assertThatThrownBy(() -> builder.hibernateProperty("hibernate.jdbc.batch_size", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("hibernateProperty hibernate.jdbc.batch_size must have a value");
        }

        @Test
        void aMissingDatabaseFile() {
            assertThatThrownBy(() -> PosDatabaseSettings.sqlite(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("database file must be set");
        }

        @Test
        void aLockWaitAboveTheDocumentedMaximumRatherThanOverflowWhenTheWaitIsTimed() {
            builder.lockWait(PosDatabaseSettings.MAX_LOCK_WAIT);
            assertThatThrownBy(() -> builder.lockWait(Duration.ofSeconds(Long.MAX_VALUE)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("lockWait must be at most 24h (86400s), got ");
            assertThatThrownBy(() -> builder.lockWait(PosDatabaseSettings.MAX_LOCK_WAIT.plusNanos(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lockWait must be at most");
        }

        @Test
        void aChangelogFileWithoutAPath() {
            assertThatThrownBy(() -> ChangelogSource.file(null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("changelog must be set");
        }

        @Test
        void aTillsFileUrlSayingToUseTheSqliteSettingsNotThatTheUrlWouldDo() {
            assertThatThrownBy(() -> PosDatabaseSettings.postgresql("jdbc:sqlite:/tmp/x.db", "pos", "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("url must start with jdbc:postgresql:; for a till's file use "
                            + "PosDatabaseSettings.sqlite(path), got jdbc:sqlite:/tmp/x.db");
        }

        @Test
        void aUrlThatIsNotPostgresqlWithoutShowingItsPassword() {
            assertThatThrownBy(() -> PosDatabaseSettings.postgresql("jdbc:mysql://db/pos?password=hunter2", "pos", "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("url must start with")
                    .hasMessageNotContaining("hunter2");
        }
    }
}
