package io.posdb.spring.boot.autoconfigure;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.SqliteDatabase;
import io.posdb.database.TillDatabase;
import io.posdb.failure.PosDatabaseException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.MethodMetadata;

/**
 * A {@code DataSource} the application defines itself, checked as soon as it is built (after posdb's
 * upgrade: every DataSource bean depends on it) and before JPA or anything else can use it: it must be
 * on the database {@code posdb.*} names, the one posdb just upgraded. Its connection metadata's JDBC URL
 * is compared with posdb's: on SQLite the same file (both made canonical: absolute, symbolic links
 * resolved, the URL's {@code file:} prefix and {@code ?options} left out), on PostgreSQL the same hosts,
 * ports and database. Another database refuses startup naming the bean, the property and both URLs: the
 * application would run on a schema posdb never upgraded nor checked. The same database gets boot's
 * drift check through the application's DataSource (posdb's own pool runs it itself when opened).
 */
final class PosdbApplicationDataSourceCheck implements BeanPostProcessor, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(PosdbApplicationDataSourceCheck.class);

    private static final String SPRING_DATASOURCE_URL = "spring.datasource.url";

    private final ObjectProvider<PosDatabaseSettings> settings;
    private final ObjectProvider<PosdbProperties> properties;
    private ConfigurableListableBeanFactory beanFactory;

    PosdbApplicationDataSourceCheck(ObjectProvider<PosDatabaseSettings> settings,
                                    ObjectProvider<PosdbProperties> properties) {
        this.settings = settings;
        this.properties = properties;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof DataSource dataSource && !isPosdbsOwnPool(beanName)) {
            try {
                check(dataSource, beanName, settings.getObject(), properties.getObject().databaseProperty());
            } catch (RuntimeException refused) {
                closeRefused(dataSource, beanName, refused);
                throw refused;
            }
        }
        return bean;
    }

    /**
     * A DataSource refused here is closed here: Spring registers a bean's destroy callback only once its
     * post-processors have returned, so it would never close this one, and its pool (already connected,
     * filling itself in the background) would keep the file open after the failed startup, while posdb
     * restores the snapshot taken before the upgrade, and for as long as the process lives.
     */
    private static void closeRefused(DataSource dataSource, String beanName, RuntimeException refused) {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                refused.addSuppressed(e);
                log.warn("posdb: could not close the refused DataSource '{}': {}", beanName, e.toString());
            }
        }
    }

    /** posdb's pool ({@link PosdbAutoConfiguration}'s bean) is on posdb's database by construction, drift checked. */
    private boolean isPosdbsOwnPool(String beanName) {
        if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
            return false;
        }
        BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
        MethodMetadata factoryMethod = definition instanceof AnnotatedBeanDefinition annotated
                ? annotated.getFactoryMethodMetadata() : null;
        return factoryMethod != null && factoryMethod.getDeclaringClassName().equals(PosdbAutoConfiguration.class.getName());
    }

    static void check(DataSource dataSource, String beanName, PosDatabaseSettings settings, String property) {
        TillDatabase database = settings.database();
        String url;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
        } catch (SQLException e) {
            // The failing URL is the DataSource's, not posdb's: named as the bean configures it, where it says.
            throw new PosdbDataSourceRefused("The application's DataSource '" + beanName + "' on " + configuredUrl(
                    dataSource, database) + " cannot connect to check that it is on the database " + property
                    + " names (" + posdbUrl(database) + "): " + e.getMessage(), e);
        }
        boolean sameDatabase;
        try {
            sameDatabase = sameDatabase(database, url);
        } catch (IllegalArgumentException unreadable) {
            // The pool connected (SQLite reads a space in a file: URI), but its URL names no file posdb can compare:
            // refused as the bean's URL, in the words spring.datasource.url's is, not as Spring's bean failure.
            throw unreadableUrl("The application's DataSource '" + beanName + "' is on " + shown(database, url),
                    "the URL of the DataSource '" + beanName + "'",
                    "remove the bean so that posdb's pool is the application's DataSource", database, property,
                    unreadable);
        }
        if (!sameDatabase) {
            throw new PosdbDataSourceRefused("The application's DataSource '" + beanName + "' is on " + shown(database, url)
                    + ", but " + property + " names " + posdbUrl(database) + ": posdb upgraded and checks the database "
                    + property + " names, not the one the application would use. Point the DataSource '" + beanName
                    + "' at " + posdbUrl(database) + ", or remove it to use posdb's pool.");
        }
        try {
            PosDatabase.checkSchemaDrift(settings, dataSource);
        } catch (PosDatabaseException e) {
            throw new PosdbStartupFailure(e);
        }
        log.info("posdb: the application's DataSource '{}' is on {}, the database posdb upgraded", beanName,
                database.description());
    }

    /**
     * The URL a DataSource that cannot connect was configured with, read as a bean property as Spring binds one: a
     * pool's {@code jdbcUrl} (HikariCP), a plain DataSource's {@code url} (Spring's, SQLite's, PostgreSQL's); a
     * password in it masked. When it has neither, its class, which is all the DataSource says of itself.
     */
    private static String configuredUrl(DataSource dataSource, TillDatabase database) {
        BeanWrapper bean = new BeanWrapperImpl(dataSource);
        for (String name : new String[] {"jdbcUrl", "url"}) {
            if (bean.isReadableProperty(name)) {
                try {
                    Object url = bean.getPropertyValue(name);
                    if (url != null) {
                        return shown(database, url.toString());
                    }
                } catch (BeansException unreadable) {
                    // Not readable after all: the next name, or the class.
                }
            }
        }
        return "a URL its " + dataSource.getClass().getName() + " does not expose";
    }

    /**
     * {@code spring.datasource.url}, when set, must name the database posdb's property names: Spring Boot's own pool
     * is not made beside posdb's (its auto-configuration backs off), so a URL of another database would be silently
     * ignored and the application would run on, and Hibernate validate, posdb's database instead of the one it names.
     * Refused before the upgrade, naming both settings and both databases; a URL that cannot be read (a {@code file:}
     * URL with a space) naming the setting and its value.
     */
    static void checkSpringDatasourceUrl(PropertyResolver environment, PosDatabaseSettings settings, String property) {
        String url = environment.getProperty(SPRING_DATASOURCE_URL);
        if (url == null || url.isBlank()) {
            return;
        }
        TillDatabase database = settings.database();
        boolean sameDatabase;
        try {
            sameDatabase = sameDatabase(database, url.strip());
        } catch (IllegalArgumentException unreadable) {
            // Refused as the setting it is, not as a posdb.* value (the failure is thrown while posdb's settings are
            // built).
            throw unreadableUrl(SPRING_DATASOURCE_URL + "=" + shown(database, url.strip()), SPRING_DATASOURCE_URL,
                    "remove it, as posdb's pool is the application's DataSource", database, property, unreadable);
        }
        if (!sameDatabase) {
            throw new PosdbDataSourceRefused(SPRING_DATASOURCE_URL + " names " + shown(database, url.strip()) + ", but "
                    + property + " names " + posdbUrl(database) + ": posdb's pool on the database " + property
                    + " names is the application's DataSource (Spring Boot makes no pool of spring.datasource.* beside"
                    + " it), so the application would run on, and Hibernate validate, that database, not the one "
                    + SPRING_DATASOURCE_URL + " names. Set " + SPRING_DATASOURCE_URL + " to " + posdbUrl(database)
                    + ", or remove it.");
        }
    }

    /**
     * An application's URL that cannot be read as a database URL ({@code unreadable}): SQLite's {@code file:} URL is
     * read as a URI, in which a space or a bare % is no character. {@code what} names the URL where it was given (the
     * setting and its value, or the bean and its URL), {@code which} the thing to correct, {@code remove} the other way
     * out; one description and action for {@code spring.datasource.url} and a DataSource bean alike.
     */
    private static PosdbDataSourceRefused unreadableUrl(String what, String which, String remove,
                                                        TillDatabase database, String property,
                                                        IllegalArgumentException unreadable) {
        return new PosdbDataSourceRefused(what + " cannot be read as a database URL: " + unreadable.getMessage(),
                "Correct " + which + ": in a file: URL write a space as %20 and a % as %25, or give the path without"
                        + " file: (" + posdbUrl(database) + " is the database " + property + " names); or " + remove
                        + ". posdb's docs/spring-boot.md, \"The application's own DataSource\", says why.", unreadable);
    }

    static boolean sameDatabase(TillDatabase database, String url) {
        if (url == null) {
            return false;
        }
        if (database instanceof SqliteDatabase sqlite) {
            // SqliteDatabase reads the URL as the command line does; both sides made canonical here.
            return SqliteDatabase.fileOf(url).map(file -> canonical(file).equals(canonical(sqlite.file()))).orElse(false);
        }
        // The description is the URL with a password parameter masked: hosts, ports and database as given.
        Properties ours = postgresUrl(database.description());
        Properties theirs = postgresUrl(url);
        return ours != null && theirs != null
                && Objects.equals(lower(ours.getProperty("PGHOST")), lower(theirs.getProperty("PGHOST")))
                && Objects.equals(ours.getProperty("PGPORT"), theirs.getProperty("PGPORT"))
                && Objects.equals(ours.getProperty("PGDBNAME"), theirs.getProperty("PGDBNAME"));
    }

    private static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            // Not there (yet): the absolute path still names it.
            return file.toAbsolutePath().normalize();
        }
    }

    /** PostgreSQL's own reading of a URL (hosts, ports, database, defaults applied); null when not one. */
    private static Properties postgresUrl(String url) {
        return url.startsWith("jdbc:postgresql:") ? Driver.parseURL(url, null) : null;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static String posdbUrl(TillDatabase database) {
        return database instanceof SqliteDatabase sqlite ? sqlite.jdbcUrl() : database.description();
    }

    /** The application's URL for a message: a password in it masked as posdb masks its own. */
    private static String shown(TillDatabase database, String url) {
        // An application's URL may name a server (with its password) while posdb's database is a file.
        return database instanceof PostgresDatabase postgres ? postgres.redactSecrets(url)
                : String.valueOf(PostgresDatabase.redact(url));
    }
}
