package io.posdb.api;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.database.ApplicationName;
import io.posdb.database.Engine;
import io.posdb.database.HostName;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.report.UpgradeProgress;
import io.posdb.upgrade.UpgradeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link PosDatabase#boot} and the api's other entry points need: the database, the upgrade
 * settings, the pool size and any extra Hibernate properties. Built with {@link #sqlite(Path)} or
 * {@link #postgresql}. posdb's one settings type: every default is declared here and every value is
 * checked where the builder sets it, the message naming the setting, as HikariCP does. The upgrade
 * flow reads these settings through {@link UpgradeSettings}, a view with no defaults or checks of its own.
 */
public final class PosDatabaseSettings implements UpgradeSettings {

    /** How long a boot waits for another process upgrading the same database. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(120);
    /**
     * The longest {@link Builder#lockWait} taken: a day is more than any upgrade of a till's database takes, and a
     * longer wait (one past Long.MAX_VALUE nanoseconds) would overflow where the wait is timed.
     */
    public static final Duration MAX_LOCK_WAIT = Duration.ofHours(24);
    /** How many pre-upgrade snapshots of an SQLite file are kept next to it. */
    public static final int DEFAULT_KEEP_SNAPSHOTS = 3;

    /**
     * SQLite lets one connection write at a time (WAL lets readers go on meanwhile); more
     * connections than a few readers and the writer only queue on the busy timeout.
     */
    public static final int DEFAULT_SQLITE_POOL_SIZE = 4;
    /** HikariCP's own default, for a server shared by many tills. */
    public static final int DEFAULT_POSTGRESQL_POOL_SIZE = 10;
    /** The default till name is this plus the host name ({@link #defaultTillName()}). */
    public static final String DEFAULT_TILL_NAME_PREFIX = "till-";

    /**
     * Hibernate properties posdb sets itself: the schema is only validated (the changelog owns
     * it), the dialect is posdb's for SQLite, and connections come from posdb's pool.
     */
    private static final List<String> RESERVED_PREFIXES = List.of("hibernate.hbm2ddl.", "hibernate.dialect",
            "hibernate.connection.", "jakarta.persistence.schema-generation.", "jakarta.persistence.jdbc.",
            "jakarta.persistence.nonJtaDataSource", "jakarta.persistence.jtaDataSource",
            // JPA's older names, which Hibernate still reads.
            "javax.persistence.schema-generation.", "javax.persistence.jdbc.", "javax.persistence.nonJtaDataSource",
            "javax.persistence.jtaDataSource");

    private final TillDatabase database;
    private final Duration lockWait;
    private final int keepSnapshots;
    private final boolean allowNewerDatabase;
    private final ChangelogSource changelog;
    private final boolean strictSchema;
    private final int maximumPoolSize;
    private final Map<String, String> hibernateProperties;
    /** Null for a file left to its default: the host name is only looked up when asked for. */
    private final String tillName;
    private final boolean upgradeDespiteOlderTills;
    private final UpgradeProgress progress;

    private PosDatabaseSettings(Builder builder) {
        // A server is told which release and till each connection is (issue 21 §4): an upgrade
        // with a breaking changeset looks for older tills by it. A file has one till: nothing to tell.
        this.tillName = builder.tillName != null || builder.database.engine() == Engine.SQLITE ? builder.tillName
                : defaultTillName();
        this.database = builder.database instanceof PostgresDatabase postgres
                ? postgres.named(new ApplicationName(Release.current(), tillName)) : builder.database;
        this.upgradeDespiteOlderTills = builder.upgradeDespiteOlderTills;
        this.lockWait = builder.lockWait;
        this.keepSnapshots = builder.keepSnapshots;
        this.allowNewerDatabase = builder.allowNewerDatabase;
        this.changelog = builder.changelog;
        this.strictSchema = builder.strictSchema;
        this.maximumPoolSize = builder.maximumPoolSize > 0 ? builder.maximumPoolSize
                : database.engine() == Engine.SQLITE ? DEFAULT_SQLITE_POOL_SIZE : DEFAULT_POSTGRESQL_POOL_SIZE;
        this.hibernateProperties = Map.copyOf(builder.hibernateProperties);
        this.progress = UpgradeProgress.guarded(builder.progress);
    }

    /** The till's SQLite file; it and its folder are created at boot when missing. */
    public static Builder sqlite(Path file) {
        require(file != null, "database file must be set");
        return new Builder(SqliteDatabase.at(file));
    }

    /** A PostgreSQL server; the password is used to connect and never logged. */
    public static Builder postgresql(String url, String user, String password) {
        PostgresDatabase.requireServerUrl(url, "; for a till's file use PosDatabaseSettings.sqlite(path)");
        return new Builder(new PostgresDatabase(url, user, password));
    }

    /** A database already described as posdb's {@link TillDatabase} (the command line's options). */
    public static Builder of(TillDatabase database) {
        require(database != null, "database must be set");
        return new Builder(database);
    }

    public TillDatabase database() {
        return database;
    }

    @Override
    public Duration lockWait() {
        return lockWait;
    }

    @Override
    public int keepSnapshots() {
        return keepSnapshots;
    }

    @Override
    public boolean allowNewerDatabase() {
        return allowNewerDatabase;
    }

    @Override
    public ChangelogSource changelog() {
        return changelog;
    }

    @Override
    public boolean strictSchema() {
        return strictSchema;
    }

    public int maximumPoolSize() {
        return maximumPoolSize;
    }

    /** The till's name on a server ({@code application_name} {@code posdb <release> <till>}). */
    public String tillName() {
        return tillName != null ? tillName : defaultTillName();
    }

    @Override
    public boolean upgradeDespiteOlderTills() {
        return upgradeDespiteOlderTills;
    }

    /** The progress listener ({@link Builder#progress}), as posdb calls it: what it throws is logged, not thrown. */
    @Override
    public UpgradeProgress progress() {
        return progress;
    }

    /**
     * {@value #DEFAULT_TILL_NAME_PREFIX} and the host name, cut to fit beside this release in
     * PostgreSQL's 63 bytes, anything but printable ASCII replaced (the server would show '?').
     */
    public static String defaultTillName() {
        String name = (DEFAULT_TILL_NAME_PREFIX + HostName.value()).replaceAll("[^\\x21-\\x7e]", "?");
        int room = ApplicationName.roomForTillName(Release.current());
        return name.length() <= room ? name : name.substring(0, room);
    }

    public Map<String, String> hibernateProperties() {
        return hibernateProperties;
    }

    /**
     * A setting's check: refuses the value with {@code message}, which names the setting, as HikariCP's
     * setters do. The api's one form of it (the maintenance operations' arguments too).
     */
    static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }

    /** For logs: the database without credentials (the password is never shown). */
    @Override
    public String toString() {
        return "PosDatabaseSettings{database=" + database.description() + ", lockWait=" + lockWait
                + ", keepSnapshots=" + keepSnapshots + ", allowNewerDatabase=" + allowNewerDatabase
                + ", strictSchema=" + strictSchema + ", changelog=" + changelog.description() + ", maximumPoolSize=" + maximumPoolSize
                + ", tillName=" + tillName() + ", upgradeDespiteOlderTills=" + upgradeDespiteOlderTills
                + ", hibernateProperties=" + hibernateProperties + "}";
    }

    /** Collects the settings; each setter refuses a bad value at once, naming the setting. */
    public static final class Builder {

        private final TillDatabase database;
        private Duration lockWait = DEFAULT_LOCK_WAIT;
        private int keepSnapshots = DEFAULT_KEEP_SNAPSHOTS;
        private boolean allowNewerDatabase;
        private boolean strictSchema;
        private ChangelogSource changelog = ChangelogSource.packaged();
        private int maximumPoolSize;
        private final Map<String, String> hibernateProperties = new LinkedHashMap<>();
        private String tillName;
        private boolean upgradeDespiteOlderTills;
        private UpgradeProgress progress = UpgradeProgress.NONE;

        private Builder(TillDatabase database) {
            this.database = database;
            // A server database the settings already named (the command line's --till-name) keeps its name.
            if (database instanceof PostgresDatabase postgres) {
                postgres.applicationName().ifPresent(name -> this.tillName = name.tillName());
            }
        }

        /**
         * The till's name on a server: its connections' application_name is {@code posdb <release>
         * <till>}, which an upgrade names when it refuses over connected older tills (default
         * {@value #DEFAULT_TILL_NAME_PREFIX} and the host name). Printable ASCII, short enough to fit
         * PostgreSQL's 63 bytes beside the release: the server would cut or mangle it otherwise.
         */
        public Builder tillName(String tillName) {
            require(tillName != null && !tillName.isBlank(), "tillName must be set");
            require(tillName.matches("[\\x21-\\x7e]+"), "tillName must be printable ASCII without spaces, got '"
                    + tillName + "'");
            int room = ApplicationName.roomForTillName(Release.current());
            require(tillName.length() <= room, "tillName must be at most " + room + " characters (PostgreSQL keeps "
                    + ApplicationName.MAX_BYTES + " bytes of 'posdb " + Release.current() + " <till>'), got "
                    + tillName.length());
            this.tillName = tillName;
            return this;
        }

        /**
         * Apply a breaking changeset on a server even while tills of an older release are connected
         * (default false: the upgrade is refused, kind OLDER_TILLS_CONNECTED, naming them); they are
         * named in a WARN and may fail on the new schema.
         */
        public Builder upgradeDespiteOlderTills(boolean upgradeDespiteOlderTills) {
            this.upgradeDespiteOlderTills = upgradeDespiteOlderTills;
            return this;
        }

        /**
         * Who is told how far a boot's upgrade, an upgrade, a downgrade or a rollback is (default
         * {@link UpgradeProgress#NONE}): the plan, each changeset started and finished, the rows of a long data
         * change with an estimate of the time left, and the restore of a failed attempt. A splash screen shows
         * it; the listener's own exceptions are logged, never thrown into the upgrade.
         */
        public Builder progress(UpgradeProgress progress) {
            require(progress != null, "progress must be set (UpgradeProgress.NONE for none)");
            this.progress = progress;
            return this;
        }

        /**
         * How long to wait for another process upgrading the same database (default 120 s, at most
         * {@link #MAX_LOCK_WAIT}, 24 h).
         */
        public Builder lockWait(Duration lockWait) {
            require(lockWait != null, "lockWait must be set");
            require(!lockWait.isNegative(), "lockWait must be zero or more, got " + written(lockWait));
            require(lockWait.compareTo(MAX_LOCK_WAIT) <= 0, "lockWait must be at most " + written(MAX_LOCK_WAIT)
                    + " (" + MAX_LOCK_WAIT.toSeconds() + "s), got " + written(lockWait));
            this.lockWait = lockWait;
            return this;
        }

        /** "-5s", "24h" as the option and the starter's property are written, not Duration's "PT-5S". */
        private static String written(Duration duration) {
            return duration.toString().substring("PT".length()).toLowerCase(Locale.ROOT);
        }

        /** How many pre-upgrade snapshots of an SQLite file to keep next to it (default 3). */
        public Builder keepSnapshots(int keepSnapshots) {
            require(keepSnapshots >= 1, "keepSnapshots must be at least 1, got " + keepSnapshots);
            this.keepSnapshots = keepSnapshots;
            return this;
        }

        /** Start even if a newer release applied changesets this one does not know (default false). */
        public Builder allowNewerDatabase(boolean allowNewerDatabase) {
            this.allowNewerDatabase = allowNewerDatabase;
            return this;
        }

        /**
         * Refuse to start (kind SCHEMA_DRIFT, exit 12) when the live schema differs from what the
         * applied changesets produce (default false: the drift is logged at WARN). On an SQLite file an upgrade
         * that ends in drift is undone first (its snapshot restored, the attempt recorded failed), so the refused
         * boot leaves the file as it was; a rehearsal with it fails where the boot would be refused.
         */
        public Builder strictSchema(boolean strictSchema) {
            this.strictSchema = strictSchema;
            return this;
        }

        /** Another master changelog than the packaged one (developers trying a change). */
        public Builder changelog(ChangelogSource changelog) {
            require(changelog != null, "changelog must be set");
            this.changelog = changelog;
            return this;
        }

        /** The most connections the pool opens (default 4 for SQLite, 10 for PostgreSQL). */
        public Builder maximumPoolSize(int maximumPoolSize) {
            require(maximumPoolSize >= 1, "maximumPoolSize must be at least 1, got " + maximumPoolSize);
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** An extra Hibernate property (statistics, batch size, ...); posdb's own are refused. */
        public Builder hibernateProperty(String name, String value) {
            require(name != null && !name.isBlank(), "hibernateProperty name must be set");
            require(value != null, "hibernateProperty " + name + " must have a value");
            require(RESERVED_PREFIXES.stream().noneMatch(name::startsWith), "hibernateProperty " + name
                    + " is set by posdb: the schema is only validated, the dialect and the connections are posdb's");
            hibernateProperties.put(name, value);
            return this;
        }

        public PosDatabaseSettings build() {
            return new PosDatabaseSettings(this);
        }
    }
}
