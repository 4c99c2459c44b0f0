package io.posdb.orm;

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
 * The entity classes Hibernate maps and validates, in one place. A new {@code @Entity} must be listed in
 * {@link #ALL}: Hibernate is given these classes, not a package to scan, so one left out is neither validated at
 * boot nor compared by bin/new-changeset ({@link #unlisted} finds such a class).
 */
public final class Entities {

    public static final List<Class<?>> ALL =
            List.of(User.class, Category.class, Product.class, Sale.class, SaleItem.class);

    private static final String PACKAGE_PATH = Entities.class.getPackageName().replace('.', '/');

    private Entities() {
    }

    /**
     * The {@code @Entity} classes of this package that {@link #ALL} does not list, by name, as {@code loader} finds
     * them on the class path: in every folder or jar that holds the package, as the JDK's class loaders do (a named
     * module on the module path is not listed this way; bin/new-changeset runs on the class path).
     */
    public static List<String> unlisted(ClassLoader loader) {
        List<String> listed = ALL.stream().map(Class::getName).toList();
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
