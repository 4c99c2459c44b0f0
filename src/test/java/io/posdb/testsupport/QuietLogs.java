package io.posdb.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes whose tests provoke posdb's warnings on purpose (a restore, drift, an
 * unmappable value): each test's posdb log lines are captured ({@link CapturedLogs}) instead
 * of reaching the console, so a green run prints nothing for an expected failure.
 */
public final class QuietLogs implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QuietLogs.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(CapturedLogs.class, new CapturedLogs());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CapturedLogs logs = context.getStore(NAMESPACE).remove(CapturedLogs.class, CapturedLogs.class);
        if (logs != null) {
            logs.close();
        }
    }
}
