package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbAutoConfigurationTest.manifestIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.Release;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.spring.boot.actuate.PosdbActuatorAutoConfiguration;
import io.posdb.spring.boot.actuate.PosdbEndpoint;
import io.posdb.spring.boot.actuate.PosdbHealthIndicator;
import io.posdb.spring.boot.autoconfigure.PosdbAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health {@code posdb}, the endpoint {@code posdb} and the upgrade's meters, on real SQLite files. */
class PosdbActuatorTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PosdbAutoConfiguration.class, PosdbActuatorAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=posdb");

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aShopUpgradedAtStartupIsUpAndTheEndpointListsItsChangesetsAndTags(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);

        application.withPropertyValues("posdb.db=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            Health health = context.getBean("posdbHealthIndicator", PosdbHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("database", file.toString())
                    .containsEntry("release", PosDatabase.release());

            PosdbEndpoint.PosdbDescriptor posdb = context.getBean(PosdbEndpoint.class).posdb();
            assertThat(posdb.release()).isEqualTo(PosDatabase.release());
            assertThat(posdb.changeSets()).extracting(HistoryEntry::id).containsExactlyElementsOf(manifestIds());
            assertThat(posdb.tags()).isNotEmpty().containsExactlyElementsOf(tagsInTheFile(file));
            assertThat(posdb.lastRuns()).as("the upgrade the starter ran at startup, recorded in the database")
                    .first().satisfies(run -> {
                        assertThat(run.operation()).isEqualTo("upgrade");
                        assertThat(run.outcome()).isEqualTo("applied");
                    });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aShopMovedAwayWhileTheServiceRunsIsDownAsMissingAndNoEmptyFileTakesItsPlace(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);

        application.withPropertyValues("posdb.db=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            Path away = Files.createDirectory(dir.resolve("away"));
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path part = dir.resolve("pos.db" + suffix);
                if (Files.exists(part)) {
                    Files.move(part, away.resolve(part.getFileName()));
                }
            }

            Health health = context.getBean("posdbHealthIndicator", PosdbHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("kind", BootFailure.MISSING_DATABASE.name())
                    .doesNotContainKey("pending");
            assertThat(health.getDetails().get("error")).asString().contains(file.toString());
            assertThatThrownBy(() -> context.getBean(PosdbEndpoint.class).posdb())
                    .isInstanceOf(PosDatabaseException.class).hasMessageContaining(file.toString())
                    .satisfies(e -> assertThat(((PosDatabaseException) e).kind())
                            .isEqualTo(BootFailure.MISSING_DATABASE));
            assertThat(file).doesNotExist();
        });
    }

    @Test
    void theUpgradesMetersRecordItsDurationAndTheChangesetsApplied() throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");

        application.withPropertyValues("posdb.db=" + file).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("posdb.upgrade.duration").timer().count()).isEqualTo(1);
            assertThat(registry.get("posdb.changesets.applied").counter().count()).isEqualTo(manifestIds().size());
        });
        // A second startup on the same file: up to date, nothing applied.
        application.withPropertyValues("posdb.db=" + file).run(context -> assertThat(
                context.getBean(MeterRegistry.class).get("posdb.changesets.applied").counter().count()).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aShopWithPendingChangesetsIsDownNamingThem(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);

        Health health = new PosdbHealthIndicator(PosDatabaseSettings.sqlite(file).build()).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("pending", manifestIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aDatabaseANewerReleaseUpgradedIsDownUnlessAllowed(String journalMode) throws Exception {
        Path file = upgradedShop(journalMode);
        try (Connection connection = Shops.open(file); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, "9999-from-a-newer-release");
            insert.setString(2, "posdb");
            insert.setString(3, "changelog/changes/9999-from-a-newer-release.yaml");
            insert.setString(4, "2027-01-01 00:00:00");
            insert.setInt(5, 9999);
            insert.setString(6, "EXECUTED");
            insert.executeUpdate();
        }

        Health refused = new PosdbHealthIndicator(PosDatabaseSettings.sqlite(file).build()).health();
        Health allowed = new PosdbHealthIndicator(PosDatabaseSettings.sqlite(file).allowNewerDatabase(true).build())
                .health();

        assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
        assertThat(refused.getDetails()).containsEntry("newerDatabase", List.of("9999-from-a-newer-release"));
        assertThat(allowed.getStatus()).isEqualTo(Status.UP);
        assertThat(allowed.getDetails()).containsEntry("newerDatabase", List.of("9999-from-a-newer-release"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aDatabaseANewerReleaseUpgradedWithCompatibleChangesetsOnlyIsUpAsTheServiceStartsOnIt(String journalMode)
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        // The next release's changelog: this one's and a nullable column, which its upgrade records compatible.
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).changelog(ChangelogSource.file(newerReleasesChangelog(
                "ALTER TABLE \"user\" ADD COLUMN \"newer_note\" VARCHAR(100)"))).build());

        application.withPropertyValues("posdb.db=" + file).run(context -> {
            assertThat(context).as("the startup accepts the database").hasNotFailed();
            Health health = context.getBean("posdbHealthIndicator", PosdbHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("newerDatabase", List.of(NEWER_CHANGESET))
                    .doesNotContainKey("refused");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAL", "DELETE"})
    void aDriftedSchemaIsDownWithTheDifference(String journalMode) throws Exception {
        Path file = upgradedShop(journalMode);
        Shops.execute(file, "ALTER TABLE sale ADD COLUMN hand_made_note TEXT");

        Health health = new PosdbHealthIndicator(PosDatabaseSettings.sqlite(file).build()).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("drift")).asString().contains("hand_made_note");
    }

    @Test
    void aServerThatCannotBeReachedIsDownWithoutItsCredentialsInTheDetails() {
        // Port 1: nothing listens, the connection is refused at once.
        PosDatabaseSettings settings = PosDatabaseSettings.postgresql(
                "jdbc:postgresql://127.0.0.1:1/pos?user=till&password=url-s3cret", "till", "property-s3cret").build();

        Health health = new PosdbHealthIndicator(settings).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error").containsKey("kind");
        assertThat(health.getDetails().toString()).doesNotContain("url-s3cret").doesNotContain("property-s3cret");
    }

    @Test
    void withoutAPosdbDatabaseThereIsNoHealthEndpointOrMeter() {
        application.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PosdbHealthIndicator.class)
                .doesNotHaveBean(PosdbEndpoint.class));
    }

    private static final String NEWER_CHANGESET = "9000-from-the-next-release";

    /**
     * The project's changelog (the repository's {@code changelog/}) copied, with one changeset {@code sql} labelled
     * the release after this one, as the next release ships it; its released.sum without this release's lines, as
     * while this release is built. Returns the master file.
     */
    private Path newerReleasesChangelog(String sql) throws Exception {
        Path source = Path.of("..", "changelog").toAbsolutePath().normalize();
        Path copy = dir.resolve("newer-changelog");
        try (var files = Files.walk(source)) {
            for (Path from : files.toList()) {
                Path to = copy.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Path sum = copy.resolve("released.sum");
        if (Files.isRegularFile(sum)) {
            Files.write(sum, Files.readAllLines(sum).stream().filter(line -> !line.startsWith(Release.label() + "\t"))
                    .toList());
        }
        String[] version = Release.current().split("\\.");
        String nextLabel = "release-" + version[0] + "." + (Integer.parseInt(version[1]) + 1);
        Files.writeString(copy.resolve("changes").resolve(NEWER_CHANGESET + ".yaml"), """
                databaseChangeLog:
                  - changeSet:
                      id: %s
                      author: test
                      labels: %s
                      changes:
                        - sql:
                            sql: '%s'
                """.formatted(NEWER_CHANGESET, nextLabel, sql.replace("'", "''")));
        Path master = copy.resolve("db.changelog-master.yaml");
        Files.writeString(master, Files.readString(master) + "  - include: { file: changes/" + NEWER_CHANGESET
                + ".yaml, relativeToChangelogFile: true }\n");
        return master;
    }

    private Path upgradedShop(String journalMode) throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), journalMode);
        PosDatabase.upgrade(PosDatabaseSettings.sqlite(file).build());
        return file;
    }

    private static List<String> tagsInTheFile(Path file) throws Exception {
        List<String> tags = new ArrayList<>();
        try (Connection connection = Shops.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT TAG FROM DATABASECHANGELOG WHERE TAG IS NOT NULL ORDER BY ORDEREXECUTED")) {
            while (rs.next()) {
                tags.add(rs.getString(1));
            }
        }
        return tags;
    }
}
