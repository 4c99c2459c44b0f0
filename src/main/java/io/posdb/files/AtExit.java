package io.posdb.files;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's shutdown hooks (SIGTERM, {@code System.exit}), each added once by name however often its work is
 * registered. A hook asked for while the process is already stopping is not added: what it would have done is left
 * to the next process, which every caller's own recovery already covers (a folder's cleanup, a boot's restore).
 */
public final class AtExit {

    private static final Set<String> ADDED = ConcurrentHashMap.newKeySet();

    private AtExit() {
    }

    /** Runs {@code action} in a thread named {@code name} when the process stops; a second call is a no-op. */
    public static void once(String name, Runnable action) {
        if (ADDED.add(name)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(action, name));
            } catch (IllegalStateException stopping) {
                // Already stopping: see the class comment.
            }
        }
    }
}
