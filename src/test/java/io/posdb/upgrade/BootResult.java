package io.posdb.upgrade;

import io.posdb.changelog.AppliedChangeSet;
import java.util.List;
import org.hibernate.SessionFactory;

/**
 * A booted till database: the changesets this boot applied (empty when nothing was
 * pending) and the validated SessionFactory the application works with. Closing it
 * closes the SessionFactory.
 */
public record BootResult(String database, List<AppliedChangeSet> applied, SessionFactory sessionFactory)
        implements AutoCloseable {

    @Override
    public void close() {
        sessionFactory.close();
    }
}
