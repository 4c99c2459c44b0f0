package io.posdb.database;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A central PostgreSQL database. The password is kept for connecting and never shown:
 * {@link #description()} and {@link #toString()} give the URL without credentials. Once
 * {@link #named named} (the api's settings do it), every connection it opens, the pool's too,
 * carries {@code posdb <release> <till>} as its application_name ({@link ApplicationName}); none puts the server's
 * DETAIL, which quotes row values, into its exceptions' messages.
 */
public final class PostgresDatabase implements TillDatabase {

    /** A {@code password=} parameter (also {@code sslpassword=}): masked up to the next parameter. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    /**
     * The password of a {@code //user:password@host} part, up to its last {@code @} (a password may hold
     * one): some tools write a URL so, and a message that echoes the URL must not show it.
     */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:\\s]*:)([^/?#\\s]*)@");

    private final String url;
    private final String user;
    private final String password;
    /** Null until {@link #named}: tests and tools may open a database the settings have not named. */
    private final ApplicationName applicationName;

    public PostgresDatabase(String url, String user, String password) {
        this(url, user, password, null);
    }

    private PostgresDatabase(String url, String user, String password, ApplicationName applicationName) {
        this.url = requireServerUrl(url, "");
        this.user = user;
        this.password = password;
        this.applicationName = applicationName;
    }

    /**
     * {@code url}, refused unless it names a PostgreSQL server: {@code otherwise} is what the caller takes instead,
     * in its own words (the command line's --url a till's jdbc:sqlite:PATH, the library's settings
     * PosDatabaseSettings.sqlite), so the refusal never offers a form that very caller refuses. The url is shown
     * without its password.
     */
    public static String requireServerUrl(String url, String otherwise) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url must start with jdbc:postgresql:" + otherwise + ", got "
                    + redact(url));
        }
        return url;
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
        // After the URL, so that its logServerErrorDetail=true cannot undo it: pgjdbc would append the server's
        // DETAIL to every exception's message ("Key (username)=(bob) already exists."), quoting a refused row's
        // values into stderr, --json, logs and support tickets (a value may be a PIN hash or a customer's name). The
        // detail stays in the exception's ServerErrorMessage for code that must read it.
        dataSource.setLogServerErrorDetail(false);
        if (applicationName != null) {
            // Set after the URL, so it wins over an ApplicationName parameter there: an upgrade
            // tells older tills apart by it (PostgresUpgrade).
            dataSource.setApplicationName(applicationName.text());
        }
        return dataSource;
    }

    /** The same server and credentials, another database (drift's scratch database). */
    public PostgresDatabase withDatabaseName(String database) {
        Matcher m = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$").matcher(url);
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

    /**
     * {@code message} with the passwords masked, wherever a driver or server might have echoed them: the
     * one given apart and the one in the URL's {@code user:password@} part, even where the message does not
     * show it as part of a URL.
     */
    public String redactSecrets(String message) {
        String redacted = redact(message);
        if (redacted == null) {
            return null;
        }
        Matcher userInfo = USER_INFO_PASSWORD.matcher(url);
        for (String secret : new String[] {password, userInfo.find() ? userInfo.group(2) : null}) {
            if (secret != null && !secret.isEmpty()) {
                redacted = redacted.replace(secret, "****");
            }
        }
        return redacted;
    }

    /**
     * A URL (or a text holding one) with its passwords masked, fit for logs, messages and command lines; also for a
     * URL that is not posdb's own (an application's DataSource, named in the Spring Boot starter's refusals).
     */
    public static String redact(String url) {
        return url == null ? null : PASSWORD_PARAMETER.matcher(USER_INFO_PASSWORD.matcher(url).replaceAll("$1****@"))
                .replaceAll("$1****");
    }
}
