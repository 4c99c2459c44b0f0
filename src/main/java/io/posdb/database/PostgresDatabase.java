package io.posdb.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A central PostgreSQL database. The password is kept for connecting and never shown:
 * {@link #description()} and {@link #toString()} give the URL without credentials.
 */
public final class PostgresDatabase implements TillDatabase {

    private final String url;
    private final String user;
    private final String password;

    public PostgresDatabase(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url must start with jdbc:postgresql:, got " + redact(url));
        }
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection open() throws SQLException {
        return dataSource().getConnection();
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
        return dataSource;
    }

    /** The same server and credentials, another database (drift's scratch database). */
    public PostgresDatabase withDatabaseName(String database) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$").matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Cannot name another database in " + redact(url)
                    + ": expected jdbc:postgresql://host[:port]/database");
        }
        return new PostgresDatabase(m.group(1) + database + m.group(3), user, password);
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
