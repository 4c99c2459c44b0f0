package io.posdb.spring.boot.autoconfigure;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.AbstractEntityManagerFactoryBean;

/**
 * Once JPA's EntityManagerFactory is built and validated: tells the upgrade's decision (the upgrade stands
 * once every EntityManagerFactory is, {@link PosdbUpgradeDecision}), and logs {@code posdb: boot of DATABASE
 * took N ms (...)}: from the start of posdb's upgrade to that moment, the span {@code PosDatabase.boot} logs
 * in the same words from its start to its validated SessionFactory. {@code scripts/bench.sh --only
 * spring} compares the two. The span also holds whatever Spring creates in between (the DataSource,
 * JPA's own beans): an upper bound of posdb's share, never less than it.
 */
final class PosdbBootDuration implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(PosdbBootDuration.class);

    private final ObjectProvider<PosdbUpgradeDecision> decision;
    private final AtomicBoolean logged = new AtomicBoolean();

    PosdbBootDuration(ObjectProvider<PosdbUpgradeDecision> decision) {
        this.decision = decision;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        // A bootstrap in the background (spring.data.jpa.repositories.bootstrap-mode=deferred) is not
        // waited for here: that would make it a blocking one. No line then.
        if (bean instanceof AbstractEntityManagerFactoryBean factory && factory.getBootstrapExecutor() == null) {
            PosdbUpgradeDecision upgrade = decision.getIfAvailable();
            if (upgrade == null) {
                return bean;
            }
            upgrade.validated(beanName); // an upgrade it confirms is recorded, as PosDatabase.boot's is in its span
            long end = System.nanoTime();
            PosdbUpgrade done = upgrade.upgrade();
            if (logged.compareAndSet(false, true)) {
                log.info("posdb: boot of {} took {} ms (upgrade, pool, drift check, JPA's EntityManagerFactory validated)",
                        done.database(), (end - done.startNanoTime()) / 1_000_000);
            }
        }
        return bean;
    }
}
