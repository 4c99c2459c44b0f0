package io.posdb.database;

import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A central PostgreSQL database. The password is kept for connecting and never shown:
 * {@link #description()} and {@link #toString()} give the URL without credentials. Once
 * {@link #named named} (the api's settings do it), every connection it opens, the pool's too,
 * carries {@code posdb <release> <till>} as its application_name ({@link ApplicationName}).
 */
public final class PostgresDatabase implements TillDatabase {

    private final String url;
    private final String user;
    private final String password;
    /** Null until {@link #named}: tests and tools may open a database the settings have not named. */
    private final ApplicationName applicationName;

    public PostgresDatabase(String url, String user, String password) {
        this(url, user, password, null);
    }

    private PostgresDatabase(String url, String user, String password, ApplicationName applicationName) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url must start with jdbc:postgresql:, got " + redact(url));
        }
        this.url = url;
        this.user = user;
        this.password = password;
        this.applicationName = applicationName;
    }

    /** The same database, its connections naming this release and till to the server. */
    public PostgresDatabase named(ApplicationName applicationName) {
        return new PostgresDatabase(url, user, password, applicationName);
    }

    /** What its connections call themselves on the server; empty when not {@link #named}. */
    public Optional<ApplicationName> applicationName() {
        return Optional.ofNullable(applicationName);
    }

    @Override
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        if (applicationName != null) {
            // Set after the URL, so it wins over an ApplicationName parameter there: an upgrade
            // tells older tills apart by it (PostgresUpgrade).
            dataSource.setApplicationName(applicationName.text());
        }
        return dataSource;
    }

    /** The same server and credentials, another database (drift's scratch database). */
    public PostgresDatabase withDatabaseName(String database) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$").matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Cannot name another database in " + redact(url)
                    + ": expected jdbc:postgresql://host[:port]/database");
        }
        return new PostgresDatabase(m.group(1) + database + m.group(3), user, password, applicationName);
    }

    @Override
    public String description() {
        return redact(url);
    }

    @Override
    public Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public String toString() {
        return description();
    }

    /** {@code message} with the password masked, wherever a driver or server might have echoed it. */
    public String redactSecrets(String message) {
        String redacted = redact(message);
        return password == null || password.isEmpty() || redacted == null ? redacted
                : redacted.replace(password, "****");
    }

    /** A URL with any password= parameter masked, fit for logs and messages. */
    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
