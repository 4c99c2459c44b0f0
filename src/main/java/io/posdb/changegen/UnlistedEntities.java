package io.posdb.changegen;

import io.posdb.orm.Entities;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@code @Entity} classes of {@code io.posdb.orm} that {@link Entities#ALL} leaves out: Hibernate is given that
 * list, not a package to scan, so such a class is neither validated at boot nor compared by bin/new-changeset, which
 * refuses while there is one ({@link NewChangeset}). A scan of the class path, which only the generator needs.
 */
final class UnlistedEntities {

    private static final String PACKAGE_PATH = Entities.class.getPackageName().replace('.', '/');

    private UnlistedEntities() {
    }

    /**
     * The {@code @Entity} classes of {@code io.posdb.orm} that {@link Entities#ALL} does not list, by name, as
     * {@code loader} finds them on the class path: in every folder or jar that holds the package, as the JDK's class
     * loaders do (a named module on the module path is not listed this way; bin/new-changeset runs on the class path).
     */
    static List<String> in(ClassLoader loader) {
        List<String> listed = Entities.ALL.stream().map(Class::getName).toList();
        try {
            List<String> unlisted = new ArrayList<>();
            for (URL root : Collections.list(loader.getResources(PACKAGE_PATH))) {
                for (String className : classNames(root)) {
                    if (!listed.contains(className)
                            && Class.forName(className, false, loader).isAnnotationPresent(Entity.class)) {
                        unlisted.add(className);
                    }
                }
            }
            return unlisted;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the classes of " + Entities.class.getPackageName(), e);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Cannot load a class of " + Entities.class.getPackageName() + ": " + e, e);
        }
    }

    /** The top-level and nested classes directly in the package at {@code root}, a folder or a jar's entry. */
    private static TreeSet<String> classNames(URL root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if ("file".equals(root.getProtocol())) {
            try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
                        .forEach(f -> names.add(className(PACKAGE_PATH + "/" + f)));
            } catch (URISyntaxException e) {
                throw new IOException("Cannot read the folder " + root, e);
            }
        } else if ("jar".equals(root.getProtocol())) {
            URLConnection connection = root.openConnection();
            // Not the JDK's cached JarFile, which the class loader shares: this one is closed here.
            connection.setUseCaches(false);
            try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
                jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(PACKAGE_PATH + "/") && n.endsWith(".class")
                                && n.indexOf('/', PACKAGE_PATH.length() + 1) < 0)
                        .forEach(n -> names.add(className(n)));
            }
        }
        names.remove(className(PACKAGE_PATH + "/package-info.class"));
        names.remove(className(PACKAGE_PATH + "/module-info.class"));
        return names;
    }

    private static String className(String classFile) {
        return classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
    }
}
