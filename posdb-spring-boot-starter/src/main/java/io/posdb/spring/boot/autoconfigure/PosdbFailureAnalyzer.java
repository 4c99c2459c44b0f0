package io.posdb.spring.boot.autoconfigure;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.api.ProvisionalUpgrade;
import io.posdb.failure.Causes;
import io.posdb.orm.HibernateSchema;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.springframework.beans.BeanInstantiationException;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * "APPLICATION FAILED TO START" with posdb's own message as the description instead of Spring's
 * bean-creation stack, for the two ways posdb ends a startup:
 * <ul>
 *   <li>a database posdb refused ({@link PosdbStartupFailure}): the message names the changeset, table,
 *       file or lock holder; the action gives the kind and exit code, a pointer to posdb's table of exit
 *       codes;</li>
 *   <li>a {@code posdb.*} value posdb's settings refused, or {@code spring.liquibase.enabled=true} beside
 *       posdb: the {@code IllegalArgumentException} or {@code IllegalStateException} thrown while building
 *       the auto-configuration's {@link PosDatabaseSettings} bean, whose message starts with the property
 *       ({@code posdb.snapshots-kept: keepSnapshots must be at least 1, got 0}). The same exceptions from
 *       anywhere else (the application's own beans) are not posdb's to explain and are left to Spring.</li>
 *   <li>a {@code posdb.*} property that is none of posdb's ({@code posdb.strict}, {@code posdb.snapshot-kept}):
 *       {@link PosdbProperties} binds no unknown field, and the description names it (not its value: it may be a
 *       misspelled password) with where it was set, the action posdb's properties.</li>
 * </ul>
 * and for two failures of the application's against posdb's database, with what to do:
 * <ul>
 *   <li>a DataSource of the application's on another database than posdb's ({@link PosdbDataSourceRefused}:
 *       a DataSource bean, or {@code spring.datasource.url}), or a {@code spring.datasource.url} or DataSource
 *       bean's URL that cannot be read as a URL (the setting is no posdb setting, though refused while building
 *       posdb's settings; the bean is named);</li>
 *   <li>Hibernate refusing the application's entities on the schema posdb's changelog made (its schema
 *       validation's {@link SchemaManagementException}, naming the table and column): a changeset, or a
 *       corrected entity. Another of Hibernate's schema-management failures (a JPA schema-generation setting that
 *       cannot run) is reported as what it is, Hibernate's message and the setting, not as a mismatch. Only when
 *       posdb's starter was on ({@code posdb.db} or {@code posdb.url} set): without it posdb made no schema, and
 *       the refusal is Spring's to report.</li>
 * </ul>
 * None changes the exit code: posdb's for a refused database, 1 otherwise. Asked before Spring Boot's own
 * analyzers, which would describe an unknown {@code posdb.*} property by the binding's internals; every analysis
 * here is of posdb's failures only, and the rest is left to them.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PosdbFailureAnalyzer implements FailureAnalyzer {

    private static final ConfigurationPropertyName POSDB = ConfigurationPropertyName.of("posdb");

    private final Environment environment;

    /** Spring Boot passes the failed application's environment: it says whether posdb's starter was on. */
    PosdbFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        PosdbStartupFailure refusedDatabase = PosdbExitCode.posdbFailure(failure);
        if (refusedDatabase != null) {
            return new FailureAnalysis(refusedDatabase.getMessage(), "posdb refused the database ("
                    + refusedDatabase.failure().kind() + ", exit code " + refusedDatabase.getExitCode()
                    + "): see posdb's README, table \"Exit codes\", for what to do.", refusedDatabase);
        }
        PosdbDataSourceRefused refusedDataSource = Causes.first(failure, PosdbDataSourceRefused.class).orElse(null);
        if (refusedDataSource != null) {
            return new FailureAnalysis(refusedDataSource.getMessage(), refusedDataSource.action(), refusedDataSource);
        }
        SchemaManagementException refusedEntities = posdbConfigured()
                ? Causes.first(failure, SchemaManagementException.class).orElse(null) : null;
        if (refusedEntities != null) {
            return thrownBySchemaValidation(refusedEntities) ? entitiesRefused(refusedEntities)
                    : schemaManagementFailed(refusedEntities);
        }
        List<ConfigurationProperty> unknownProperties = unknownPosdbProperties(failure);
        if (!unknownProperties.isEmpty()) {
            return new FailureAnalysis(unknownProperties.stream().map(property -> property.getName() + " (" + (
                            property.getOrigin() != null ? property.getOrigin() : "origin unknown") + ")")
                    .collect(Collectors.joining(", ", "", unknownProperties.size() == 1 ? " is no" : " are no"))
                    + " property of posdb's: bound to nothing, the setting it was meant to make would be lost.",
                    "Correct or remove it. posdb's properties are " + String.join(", ", posdbProperties()) + ";"
                    + " posdb's docs/spring-boot.md, \"The properties\", says what each does.",
                    Causes.first(failure, UnboundConfigurationPropertiesException.class).orElseThrow());
        }
        Throwable refusedSetting = refusedSetting(failure);
        if (refusedSetting != null) {
            return new FailureAnalysis(refusedSetting.getMessage(), "Correct the setting the description names:"
                    + " posdb's docs/spring-boot.md, \"The properties\", lists each posdb.* property with its default"
                    + " and limits.", refusedSetting);
        }
        return null;
    }

    /** The {@code posdb.*} properties a failed binding of {@link PosdbProperties} left unbound, by name. */
    private static List<ConfigurationProperty> unknownPosdbProperties(Throwable failure) {
        return Causes.first(failure, UnboundConfigurationPropertiesException.class)
                .map(unbound -> unbound.getUnboundProperties().stream()
                        .filter(property -> POSDB.isAncestorOf(property.getName())).sorted().toList())
                .orElse(List.of());
    }

    /** Every {@code posdb.*} property, as an application spells it: read from {@link PosdbProperties}, not listed twice. */
    private static List<String> posdbProperties() {
        return Arrays.stream(BeanUtils.getPropertyDescriptors(PosdbProperties.class))
                .filter(property -> property.getWriteMethod() != null).map(PropertyDescriptor::getName)
                .map(name -> "posdb." + DataObjectPropertyName.toDashedForm(name)).sorted().toList();
    }

    private boolean posdbConfigured() {
        return environment != null && PosdbProperties.databaseConfiguredIn(environment);
    }

    /**
     * Hibernate validated the application's entities against the database posdb had just upgraded (posdb's
     * {@code hbm2ddl.auto=validate}: it never creates nor alters a table) and refused them: the entities and
     * posdb's changelog disagree. Hibernate's message names the table and the column.
     */
    private FailureAnalysis entitiesRefused(SchemaManagementException refused) {
        String description = "Hibernate refused the application's entities on " + databaseDescription() + ": "
                + HibernateSchema.describe(refused) + ". posdb applied its changelog to that database before JPA"
                + " started, and Hibernate only validates the entities against the schema the changelog made (it"
                + " never creates or alters a table): the entities and posdb's changelog disagree.";
        String action = "Either the entity is ahead of the changelog: the table or column it needs is a changeset"
                + " of posdb's changelog (bin/new-changeset NAME writes it from an entity added to io.posdb.orm;"
                + " posdb's docs/writing-migrations.md), released with posdb. Or the entity is wrong: correct its"
                + " mapping of the table and column named above." + whatBecameOfTheUpgrade();
        return new FailureAnalysis(description, action, refused);
    }

    /**
     * What the closed startup did to an SQLite file it upgraded, from the upgrade's own outcome (the one its log line
     * says), or nothing when it upgraded none (nothing pending, a server) or did not get as far as deciding.
     */
    private String whatBecameOfTheUpgrade() {
        ProvisionalUpgrade.Undo undo = environment == null ? null
                : environment.getProperty(PosdbUpgradeDecision.UNDO, ProvisionalUpgrade.Undo.class);
        if (undo == null) {
            return "";
        }
        return switch (undo) {
            case NOTHING_TO_UNDO -> "";
            case RESTORED -> " The SQLite file this startup upgraded was put back as it was before the upgrade (the"
                    + " log says so), and the next start upgrades it again.";
            case KEPT_WRITTEN_TO -> " The upgrade this startup made to the SQLite file was not undone (the log says"
                    + " so): the application wrote to the file before its startup failed, and nothing it wrote is"
                    + " lost; the file as it was before the upgrade is in the snapshot beside it.";
            case KEPT_STILL_OPEN -> " The upgrade this startup made to the SQLite file was not undone (the log says"
                    + " why): a connection of the application's was still open on it; the file as it was before the"
                    + " upgrade is in the snapshot beside it.";
            case FAILED -> " Putting back the SQLite file this startup upgraded failed (the log says why); the next"
                    + " start restores it from its snapshot.";
            case LEFT_TO_THE_NEXT_BOOT -> " The process was stopping before the startup decided: the next start"
                    + " restores the SQLite file from its snapshot.";
        };
    }

    /**
     * Whether Hibernate's schema validation threw it (a table, column or type the schema lacks), not another part of
     * its schema management (a JPA schema-generation setting that cannot run): the validator's classes throw the
     * mismatches, whose messages have no common form ("Schema validation: missing column …", "Missing index …").
     */
    private static boolean thrownBySchemaValidation(SchemaManagementException refused) {
        StackTraceElement[] stack = refused.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("org.hibernate.tool.schema.internal.")
                && stack[0].getClassName().contains("SchemaValidator");
    }

    /**
     * Hibernate's schema management failed for another reason than a mismatch: a JPA setting of the application's
     * (a schema-generation script asked for without its target). The entities and the changelog are not in question:
     * Hibernate's message, and the schema-management properties the application set, say what to correct.
     */
    private FailureAnalysis schemaManagementFailed(SchemaManagementException failed) {
        List<String> settings = schemaManagementSettings();
        String description = "Hibernate's schema management failed on " + databaseDescription() + ": "
                + failed.getMessage() + (settings.isEmpty() ? "." : ". The application sets " + String.join(", ",
                settings) + ".");
        String action = "Correct the JPA setting Hibernate's message names" + (settings.isEmpty() ? ""
                : " (" + String.join(", ", settings) + ")") + ". posdb's changelog owns the schema, and Hibernate"
                + " only validates it (hibernate.hbm2ddl.auto=validate): schema generation is not needed for it."
                + whatBecameOfTheUpgrade();
        return new FailureAnalysis(description, action, failed);
    }

    /** The application's {@code spring.jpa.properties.*} of JPA's or Hibernate's schema management, as it set them. */
    private List<String> schemaManagementSettings() {
        try {
            return Binder.get(environment).bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
                    .map(properties -> properties.entrySet().stream()
                            .filter(p -> p.getKey().contains("schema-generation") || p.getKey().contains("hbm2ddl"))
                            .map(p -> "spring.jpa.properties." + p.getKey() + "=" + p.getValue()).sorted().toList())
                    .orElse(List.of());
        } catch (RuntimeException unreadable) {
            // Hibernate's own message still says what failed.
            return List.of();
        }
    }

    /** The database posdb names (a file, or a server's URL without credentials), or its property when unreadable. */
    private String databaseDescription() {
        try {
            return Binder.get(environment).bind("posdb", PosdbProperties.class)
                    .map(properties -> properties.toSettings().database().description()
                            + " (" + properties.databaseProperty() + ")")
                    .orElse("posdb's database");
        } catch (RuntimeException unreadable) {
            // The startup failed on Hibernate, not on the settings: the property's name still says which.
            return "the database posdb.db or posdb.url names";
        }
    }

    /**
     * The exception with which the auto-configuration's settings bean refused the {@code posdb.*} values, or
     * null. Spring wraps what a {@code @Bean} method throws in a {@link BeanInstantiationException} naming
     * the method, the thrown exception its direct cause; that method being posdb's is what tells a refused
     * setting from an {@code IllegalArgumentException} of the application's.
     */
    private static Throwable refusedSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BeanInstantiationException instantiation && isPosdbsSettingsBean(
                    instantiation.getConstructingMethod())) {
                Throwable thrown = instantiation.getCause();
                return thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException
                        ? thrown : null;
            }
        }
        return null;
    }

    private static boolean isPosdbsSettingsBean(Method factoryMethod) {
        return factoryMethod != null && factoryMethod.getDeclaringClass() == PosdbAutoConfiguration.class
                && factoryMethod.getReturnType() == PosDatabaseSettings.class;
    }
}
