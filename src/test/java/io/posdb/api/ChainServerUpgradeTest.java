package io.posdb.api;

import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.orm.Role;
import io.posdb.orm.Sale;
import io.posdb.orm.User;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.FreshPostgresDatabase;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain's server (issue 21 §4): tills of release 2.0 (the packaged changelog, each a PosDatabase
 * with its own till name, selling through Hibernate) stay connected while a test-only release 2.1
 * upgrades the shared database. A compatible 2.1 goes through while they sell; a breaking one is
 * refused naming them, keeping the compatible changeset before it, unless the operator goes ahead.
 */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
class ChainServerUpgradeTest {

    /**
     * 2.1 with a breaking changeset after the compatible one: product.category_id filled, then NOT
     * NULL, in one transaction (PostgreSQL's DDL is transactional, so the refusal can roll it back).
     */
    static final String BREAKING_ON_POSTGRES = NewerRelease.COMPATIBLE + """
              - changeSet:
                  id: 0101-product-category-required
                  author: test
                  labels: {newer}
                  changes:
                    - sql:
                        sql: UPDATE product SET category_id = (SELECT min(id) FROM category) WHERE category_id IS NULL
                    - sql:
                        sql: ALTER TABLE product ALTER COLUMN category_id SET NOT NULL
            """;

    @RegisterExtension
    final FreshPostgresDatabase fresh = new FreshPostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void olderTillsKeepSellingWhileACompatible21UpgradesTheServer() throws Exception {
        long cashier = seedCashier();
        List<PosDatabase> tills = bootTills("till-1", "till-2", "till-3");
        AtomicBoolean upgraded = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        CountDownLatch selling = new CountDownLatch(tills.size());
        ExecutorService threads = Executors.newFixedThreadPool(tills.size());
        List<Future<Integer>> afterUpgrade = new ArrayList<>();
        try {
            for (int i = 0; i < tills.size(); i++) {
                PosDatabase till = tills.get(i);
                String prefix = "T" + (i + 1) + "-";
                afterUpgrade.add(threads.submit(() -> {
                    int n = 0;
                    int soldAfter = 0;
                    // Sells until the upgrade is over and 20 more sales went through on the new schema.
                    while (soldAfter < 20 && n < 100_000) {
                        boolean upgradeOver = upgraded.get();
                        try {
                            sell(till, cashier, prefix + n);
                            written.incrementAndGet();
                            soldAfter += upgradeOver ? 1 : 0;
                        } catch (RuntimeException e) {
                            failed.add(prefix + n + ": " + e);
                        }
                        n++;
                        if (n == 5) {
                            selling.countDown();
                        }
                    }
                    return soldAfter;
                }));
            }
            assertThat(selling.await(60, TimeUnit.SECONDS)).as("every till is selling").isTrue();
            assertThat(connectedTills()).as("the 2.0 tills are connected during the upgrade")
                    .contains("posdb " + PosDatabase.release() + " till-1", "posdb " + PosDatabase.release() + " till-2",
                            "posdb " + PosDatabase.release() + " till-3");

            List<AppliedChangeSet> applied = PosDatabase.upgrade(release21(NewerRelease.COMPATIBLE)
                    .tillName("till-upgrader").build());
            upgraded.set(true);

            assertThat(applied).extracting(AppliedChangeSet::id).contains("0100-user-email");
            for (Future<Integer> till : afterUpgrade) {
                assertThat(till.get(120, TimeUnit.SECONDS)).as("a till sold on after the upgrade").isEqualTo(20);
            }
        } finally {
            upgraded.set(true);
            threads.shutdownNow();
            tills.forEach(PosDatabase::close);
        }
        assertThat(failed).as("failed sales").isEmpty();
        assertThat(count("SELECT count(*) FROM sale")).as("every sale written").isEqualTo(written.get());
        assertThat(columnExists("user", NewerRelease.COLUMN)).isTrue();
    }

    @Test
    void aBreaking21UpgradeIsRefusedNamingTheConnectedOlderTillsAndGoesAheadWhenTheOperatorSaysSo() throws Exception {
        long cashier = seedCashier();
        List<PosDatabase> tills = bootTills("till-north", "till-south");
        try {
            PosDatabaseSettings.Builder release21 = release21(BREAKING_ON_POSTGRES).tillName("till-upgrader");

            assertRefused(() -> PosDatabase.upgrade(release21.build()), BootFailure.OLDER_TILLS_CONNECTED,
                    "tills of release 2.0 are connected: till-north, till-south");
            // The go-ahead as each caller names it: a library or Spring Boot user never typed --despite-older-tills.
            assertRefused(() -> PosDatabase.upgrade(release21.build()), BootFailure.OLDER_TILLS_CONNECTED,
                    "--despite-older-tills (the upgradeDespiteOlderTills setting, "
                            + "posdb.upgrade-despite-older-tills in Spring Boot)");
            assertThat(BootFailure.OLDER_TILLS_CONNECTED.exitCode()).isEqualTo(13);

            assertThat(applied()).as("the upgrade is one transaction: the compatible changeset before the breaking "
                    + "one is undone with it").doesNotContain("0100-user-email", "0101-product-category-required");
            assertThat(recorded()).doesNotContain("0100-user-email", "0101-product-category-required");
            assertThat(columnExists("user", NewerRelease.COLUMN)).isFalse();
            assertThat(nullable("product", "category_id")).as("the breaking change was rolled back").isTrue();
            sell(tills.get(0), cashier, "N-after-refusal");

            try (CapturedLogs logs = new CapturedLogs()) {
                List<AppliedChangeSet> applied = PosDatabase.upgrade(release21.upgradeDespiteOlderTills(true).build());

                assertThat(applied).extracting(AppliedChangeSet::id)
                        .containsExactly("0100-user-email", "0101-product-category-required");
                assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                        .filteredOn(e -> e.getFormattedMessage().contains("0101-product-category-required"))
                        .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("tills of release 2.0 are connected: till-north, till-south"));
            }
            assertThat(nullable("product", "category_id")).isFalse();
        } finally {
            tills.forEach(PosDatabase::close);
        }
    }

    @Test
    void theCommandLineExits13NamingTheOlderTillsAndGoesAheadWithDespiteOlderTills() throws Exception {
        Path master = NewerRelease.changelog(dir.resolve("changelog-2.1-cli"), BREAKING_ON_POSTGRES);
        String[] update = {"update", "--url", server().description(), "--user", PostgresServer.user(), "--password",
                PostgresServer.password(), "--till-name", "till-upgrader", "--changelog", master.toString()};
        try (PosDatabase till = PosDatabase.boot(PosDatabaseSettings.of(server()).tillName("till-west").build())) {
            PosdbProcess.Result refused = PosdbInProcess.run(update);

            assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(13)
                    .isEqualTo(BootFailure.OLDER_TILLS_CONNECTED.exitCode());
            assertThat(refused.stderr()).contains("tills of release 2.0 are connected: till-west",
                    "--despite-older-tills").doesNotContain("till-upgrader");

            String[] goAhead = Arrays.copyOf(update, update.length + 1);
            goAhead[update.length] = "--despite-older-tills";
            PosdbProcess.Result applied = PosdbInProcess.run(goAhead);

            assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        }
        assertThat(nullable("product", "category_id")).isFalse();
    }

    @Test
    void aBreaking21UpgradeGoesThroughWhenNoOlderTillIsConnected() throws Exception {
        try (PosDatabase upgrader = PosDatabase.boot(release21(BREAKING_ON_POSTGRES).tillName("till-upgrader").build())) {
            assertThat(upgrader.applied()).extracting(AppliedChangeSet::id)
                    .contains("0100-user-email", "0101-product-category-required");
        }
        assertThat(nullable("product", "category_id")).isFalse();
    }

    @Test
    void everyPooledConnectionShowsItsReleaseAndTillInPgStatActivity() throws Exception {
        String expected = "posdb " + PosDatabase.release() + " till-counter";
        try (PosDatabase till = PosDatabase.boot(PosDatabaseSettings.of(fresh.database()).tillName("till-counter")
                .maximumPoolSize(3).build())) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(till.dataSource().getConnection());
                }
                for (Connection connection : held) {
                    try (ResultSet rs = connection.createStatement().executeQuery("SHOW application_name")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo(expected);
                    }
                }
                assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND application_name = ?", expected)).as("the pool's connections, seen by the server")
                        .isGreaterThanOrEqualTo(3);
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
        }
    }

    /** Release 2.0 on the fresh server, with one cashier for the tills' sales. */
    private long seedCashier() throws Exception {
        try (PosDatabase setup = PosDatabase.boot(PosDatabaseSettings.of(fresh.database()).tillName("till-setup").build())) {
            return setup.sessionFactory().fromTransaction(session -> {
                User user = new User();
                user.setUsername("cashier");
                user.setName("Cashier");
                user.setPinHash("x");
                user.setRole(Role.USER);
                user.setActive(true);
                user.setCreatedAt(LocalDateTime.of(2026, 12, 3, 8, 0));
                user.setUpdatedAt(LocalDateTime.of(2026, 12, 3, 8, 0));
                session.persist(user);
                return user.getId();
            });
        }
    }

    private List<PosDatabase> bootTills(String... names) throws Exception {
        List<PosDatabase> tills = new ArrayList<>();
        for (String name : names) {
            tills.add(PosDatabase.boot(PosDatabaseSettings.of(fresh.database()).tillName(name).build()));
        }
        return tills;
    }

    /** "Release 2.1": the packaged changelog and {@code changes}, labelled with the release after the one being built. */
    private PosDatabaseSettings.Builder release21(String changes) throws Exception {
        Path master = NewerRelease.changelog(dir.resolve("changelog-2.1"), changes);
        return PosDatabaseSettings.of(fresh.database()).changelog(ChangelogSource.file(master));
    }

    private static void sell(PosDatabase till, long cashier, String receipt) {
        till.sessionFactory().inTransaction(session -> {
            Sale sale = new Sale();
            sale.setReceiptNo(receipt);
            sale.setTotal(new BigDecimal("2.50"));
            sale.setPaymentMethod("cash");
            sale.setCreatedAt(LocalDateTime.of(2026, 12, 3, 9, 0));
            sale.setCashier(session.getReference(User.class, cashier));
            session.persist(sale);
        });
    }

    private List<String> connectedTills() throws Exception {
        return strings("SELECT application_name FROM pg_stat_activity WHERE datname = current_database()");
    }

    private List<String> applied() throws Exception {
        return strings("SELECT id FROM databasechangelog");
    }

    private List<String> recorded() throws Exception {
        return strings("SELECT id FROM posdb_changeset");
    }

    private boolean columnExists(String table, String column) throws Exception {
        return count("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = ? AND column_name = ?", table, column) == 1;
    }

    private boolean nullable(String table, String column) throws Exception {
        return count("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = ? AND column_name = ? AND is_nullable = 'YES'", table, column) == 1;
    }

    private int count(String sql, String... values) throws Exception {
        try (Connection connection = server().open(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                query.setString(i + 1, values[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<String> strings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = server().open(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private PostgresDatabase server() {
        return fresh.database();
    }
}
