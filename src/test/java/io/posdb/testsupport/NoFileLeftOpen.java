package io.posdb.testsupport;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every test, once it and its {@code @AfterEach} methods are done, has closed whatever it opened in its
 * {@code @TempDir}: this JVM holds no file there (read from Linux's {@code /proc/self/fd}; elsewhere it
 * checks nothing). A connection, pool or stream left open is a leak that would be posdb's in the field
 * (a refused Spring DataSource kept the shop's file open after the failed startup, during the snapshot
 * restore), and one that makes JUnit's deletion of the folder fail at random when the leaked pool
 * touches it. Registered for every test by {@code META-INF/services} (autodetection is on in
 * {@code junit-platform.properties}), the Spring Boot starter's too (the build's tests jar holds just
 * these); it runs after the test's own {@code @AfterEach} and before JUnit deletes the folder.
 */
public final class NoFileLeftOpen implements AfterEachCallback {

    private static final Path OPEN_FILES = Path.of("/proc/self/fd");

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!canSee() || context.getExecutionException().isPresent()) {
            return; // a failed test has its own message; a leak after it would only hide it
        }
        List<Path> folders = new ArrayList<>();
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.isAnnotationPresent(TempDir.class) && !Modifier.isStatic(field.getModifiers())
                            && field.trySetAccessible() && field.get(instance) instanceof Path folder
                            && Files.isDirectory(folder)) {
                        folders.add(folder);
                    }
                }
            }
        }
        if (folders.isEmpty()) {
            return;
        }
        TreeSet<String> open = new TreeSet<>();
        for (Path folder : folders) {
            open.addAll(openIn(folder));
        }
        if (!open.isEmpty()) {
            throw new AssertionError(context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName() + " " + context.getDisplayName()
                    + " left files of its @TempDir open in this JVM: " + open + " (a connection, pool or stream not closed)");
        }
    }

    /** Whether this JVM's open files can be read ({@code /proc/self/fd}, Linux): {@link #openIn} sees them. */
    public static boolean canSee() {
        return Files.isDirectory(OPEN_FILES);
    }

    /** The files under {@code folder} this JVM has open now; empty where {@link #canSee} is false. */
    public static TreeSet<String> openIn(Path folder) throws IOException {
        TreeSet<String> open = new TreeSet<>();
        if (!canSee()) {
            return open;
        }
        String prefix = folder.toRealPath() + "/";
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(OPEN_FILES)) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith(prefix)) {
                        open.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while the folder was being read
                }
            }
        }
        return open;
    }
}
