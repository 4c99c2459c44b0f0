package io.posdb.spring.boot.autoconfigure;

import io.posdb.api.ProvisionalUpgrade;
import io.posdb.failure.PosDatabaseException;
import jakarta.persistence.EntityManagerFactory;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Whether this startup's upgrade stands: on an SQLite file it changed, posdb holds the upgrade undecided
 * ({@link ProvisionalUpgrade}: snapshot kept, lock held) until the application has checked the schema. It
 * stands once every EntityManagerFactory of the context is built and validated by Hibernate, or, in an
 * application without JPA (or with JPA bootstrapped in the background), once the context is refreshed. A
 * startup that fails before that (Hibernate refuses the entities, strict schema refuses drift, a bean fails)
 * closes the context, and this bean, which every DataSource and EntityManagerFactory depends on, is closed
 * after them: the upgrade is undone from its snapshot, as {@code PosDatabase.boot} undoes one whose
 * validation fails. A later failure (a port in use) leaves the upgrade standing, as it does for the plain boot.
 * What the close did to the file ({@link ProvisionalUpgrade#undo}: put back, or kept because the application wrote to
 * it) is left in the application's environment ({@link #UNDO}) for the failure analysis, which must say the same.
 */
final class PosdbUpgradeDecision implements ApplicationListener<ContextRefreshedEvent>, AutoCloseable {

    /**
     * The environment entry holding what the close did to the file ({@link ProvisionalUpgrade.Undo}): the failure
     * analyzer, which Spring gives the failed application's environment once its beans are closed, says the same.
     */
    static final String UNDO = PosdbUpgradeDecision.class.getName() + ".undo";

    private final ProvisionalUpgrade upgrade;
    private final PosdbUpgrade done;
    private final Set<String> awaited;
    private final ConfigurableEnvironment environment;

    PosdbUpgradeDecision(ProvisionalUpgrade upgrade, PosdbUpgrade done, Collection<String> entityManagerFactories,
                         ConfigurableEnvironment environment) {
        this.upgrade = upgrade;
        this.done = done;
        this.awaited = new HashSet<>(entityManagerFactories);
        this.environment = environment;
    }

    /** What the upgrade did, for the metrics and the boot's duration line. */
    PosdbUpgrade upgrade() {
        return done;
    }

    /** The EntityManagerFactory bean {@code name} is built and validated: the last one awaited confirms the upgrade. */
    synchronized void validated(String name) {
        if (awaited.remove(name) && awaited.isEmpty()) {
            confirm();
        }
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        // A JPA bootstrapped in the background is waited for: a refusal of its fails the startup, unconfirmed.
        event.getApplicationContext().getBeansOfType(EntityManagerFactory.class).values()
                .forEach(EntityManagerFactory::getMetamodel);
        confirm();
    }

    private void confirm() {
        try {
            upgrade.confirm();
        } catch (PosDatabaseException e) {
            throw new PosdbStartupFailure(e);
        }
    }

    /** At a failed startup, undoes the upgrade if it was not confirmed; after a confirmed one, nothing. */
    @Override
    public void close() {
        upgrade.close();
        if (environment != null) {
            environment.getPropertySources().addFirst(new MapPropertySource(UNDO, Map.of(UNDO, upgrade.undo())));
        }
    }
}
