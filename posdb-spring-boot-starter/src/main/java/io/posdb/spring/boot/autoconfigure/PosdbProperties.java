package io.posdb.spring.boot.autoconfigure;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.PostgresDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.env.PropertyResolver;

/**
 * The {@code posdb.*} properties: which database posdb upgrades before JPA starts, and how. Each is
 * passed to {@link PosDatabaseSettings}, posdb's one settings type, which declares the defaults and
 * checks every value; a value it refuses fails startup naming the property. The field comments are
 * the descriptions an IDE shows (spring-configuration-metadata.json).
 */
@ConfigurationProperties(prefix = "posdb", ignoreUnknownFields = false)
public class PosdbProperties {

    /**
     * The till's SQLite file, upgraded at startup (created with its folder when missing). Set this
     * or posdb.url, not both.
     */
    private String db;

    /** The JDBC URL of a PostgreSQL server (jdbc:postgresql://host/database). Set this or posdb.db, not both. */
    private String url;

    /** The PostgreSQL user, with posdb.url. */
    private String user;

    /** The PostgreSQL password, with posdb.url: used to connect, never logged or shown by Actuator. */
    private String password;

    /**
     * How long startup waits for another process upgrading the same database before it fails (exit 8). A
     * bare number is seconds, as posdb's --lock-wait takes it (120 is two minutes); or with a unit: 120s, 2m.
     */
    // Without the unit Spring would read a bare number as milliseconds: 120 waited no time at all.
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration lockWait = PosDatabaseSettings.DEFAULT_LOCK_WAIT;

    /** How many pre-upgrade snapshots of an SQLite file are kept next to it (at least 1). */
    private int snapshotsKept = PosDatabaseSettings.DEFAULT_KEEP_SNAPSHOTS;

    /**
     * Start on changesets this release does not know that startup otherwise refuses with exit 4: a newer
     * release's recorded breaking or with no record, or ones removed from the changelog. A newer release's
     * changesets all recorded compatible start without it (one WARN).
     */
    private boolean allowNewerDatabase;

    /**
     * Refuse to start (exit 12) when the live schema differs from what the applied changesets
     * produce; otherwise the drift is logged at WARN and shown by the posdb health indicator.
     */
    private boolean strictSchema;

    /** The most connections posdb's pool opens; unset, posdb's default (4 for SQLite, 10 for PostgreSQL). */
    private Integer poolSize;

    /**
     * This service's name on a server, in every connection's application_name ("posdb RELEASE TILL-NAME"),
     * so that an upgrade names the tills of older releases still connected; unset, "till-" and the host name.
     */
    private String tillName;

    /**
     * Apply a changeset that breaks older releases even while tills of an older release are connected
     * to the server (they may then fail to write); otherwise the upgrade refuses naming them (exit 13).
     */
    private boolean upgradeDespiteOlderTills;

    /** True when a posdb database is configured: the starter then does its work. */
    boolean databaseConfigured() {
        return isSet(db) || isSet(url);
    }

    /**
     * The same question asked of the environment before the properties are bound (the starter's condition,
     * the switch that turns Spring's own Liquibase off): one answer, so that an empty value is unset for each.
     */
    static boolean databaseConfiguredIn(PropertyResolver environment) {
        return isSet(environment.getProperty("posdb.db")) || isSet(environment.getProperty("posdb.url"));
    }

    /**
     * posdb's settings for these properties. A value posdb refuses fails as posdb's own command line
     * fails a refused option: an {@code IllegalArgumentException} whose message starts with the
     * property ({@code posdb.snapshots-kept: keepSnapshots must be at least 1, got 0}), posdb's
     * exception as its cause, which {@link PosdbFailureAnalyzer} shows as the description of Spring Boot's
     * "APPLICATION FAILED TO START". A URL or password is never repeated: it may hold credentials.
     */
    public PosDatabaseSettings toSettings() {
        if (isSet(db) && isSet(url)) {
            throw new IllegalArgumentException("posdb.db, posdb.url: both are set; set posdb.db for a till's SQLite"
                    + " file or posdb.url for a server");
        }
        if (!databaseConfigured()) {
            throw new IllegalArgumentException("posdb.db, posdb.url: neither is set");
        }
        PosDatabaseSettings.Builder builder = isSet(db)
                ? checked("posdb.db", () -> PosDatabaseSettings.sqlite(Path.of(db)))
                // The library's refusal would point at its own PosDatabaseSettings.sqlite: here a file is posdb.db.
                : checked("posdb.url", () -> PosDatabaseSettings.postgresql(PostgresDatabase.requireServerUrl(url,
                        "; for a till's file set posdb.db to its path"), user, password));
        checked("posdb.lock-wait", () -> builder.lockWait(lockWait));
        checked("posdb.snapshots-kept", () -> builder.keepSnapshots(snapshotsKept));
        builder.allowNewerDatabase(allowNewerDatabase).strictSchema(strictSchema);
        if (poolSize != null) {
            checked("posdb.pool-size", () -> builder.maximumPoolSize(poolSize));
        }
        if (tillName != null) {
            checked("posdb.till-name", () -> builder.tillName(tillName));
        }
        builder.upgradeDespiteOlderTills(upgradeDespiteOlderTills);
        return builder.build();
    }

    /** The property naming posdb's database, for messages: {@code posdb.db} when set, else {@code posdb.url}. */
    public String databaseProperty() {
        return isSet(db) ? "posdb.db" : "posdb.url";
    }

    private static <T> T checked(String property, Supplier<T> setting) {
        try {
            return setting.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    public String getDb() {
        return db;
    }

    public void setDb(String db) {
        this.db = db;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public int getSnapshotsKept() {
        return snapshotsKept;
    }

    public void setSnapshotsKept(int snapshotsKept) {
        this.snapshotsKept = snapshotsKept;
    }

    public boolean isAllowNewerDatabase() {
        return allowNewerDatabase;
    }

    public void setAllowNewerDatabase(boolean allowNewerDatabase) {
        this.allowNewerDatabase = allowNewerDatabase;
    }

    public boolean isStrictSchema() {
        return strictSchema;
    }

    public void setStrictSchema(boolean strictSchema) {
        this.strictSchema = strictSchema;
    }

    public Integer getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(Integer poolSize) {
        this.poolSize = poolSize;
    }

    public String getTillName() {
        return tillName;
    }

    public void setTillName(String tillName) {
        this.tillName = tillName;
    }

    public boolean isUpgradeDespiteOlderTills() {
        return upgradeDespiteOlderTills;
    }

    public void setUpgradeDespiteOlderTills(boolean upgradeDespiteOlderTills) {
        this.upgradeDespiteOlderTills = upgradeDespiteOlderTills;
    }
}
