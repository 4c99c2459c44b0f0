package io.posdb.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Watches a failed context's close: which HikariCP pools of the context (posdb's or the application's) were still
 * open when Spring came to close posdb's undecided upgrade, whose undo puts the snapshot back and needs no
 * connection open on the file ({@code ProvisionalUpgrade.close}). Register it as a static {@code @Bean}.
 */
final class PoolsOpenAtTheUndo implements DestructionAwareBeanPostProcessor {

    /** The upgrade's decision, the bean whose close undoes the upgrade (PosdbAutoConfiguration's method name). */
    private static final String UPGRADE_DECISION_BEAN = "posdbUpgradeDecision";

    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();
    /** The pools' names still open when the decision was closed; null until it was. */
    private volatile List<String> openAtTheUndo;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof HikariDataSource pool) {
            pools.add(pool);
        }
        return bean;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) throws BeansException {
        if (beanName.equals(UPGRADE_DECISION_BEAN)) {
            openAtTheUndo = pools.stream().filter(pool -> !pool.isClosed()).map(HikariDataSource::getPoolName).toList();
        }
    }

    /** The pools the context had made, by name. */
    List<String> pools() {
        return pools.stream().map(HikariDataSource::getPoolName).toList();
    }

    /** The pools still open when the upgrade's decision was closed; null if it never was. */
    List<String> openAtTheUndo() {
        return openAtTheUndo;
    }
}
