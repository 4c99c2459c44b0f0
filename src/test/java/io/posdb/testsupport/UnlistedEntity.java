package io.posdb.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A developer's new entity in io.posdb.orm that io.posdb.orm.Entities.ALL does not list:
 * {@code io.posdb.orm.TestPayment}, table {@code test_payment}, a {@code @ManyToOne} to Sale, compiled by the JDK's
 * compiler into a folder of its own (the project's packages stay as they are for every other test), and a class
 * loader over it, or over a jar of it, whose parent is the tests'.
 */
public final class UnlistedEntity {

    public static final String CLASS = "io.posdb.orm.TestPayment";

    private UnlistedEntity() {
    }

    /** Compiles the entity into {@code dir}/classes and returns a loader over that folder. */
    public static URLClassLoader inAFolder(Path dir) throws IOException {
        return new URLClassLoader(new URL[] {compile(dir).toUri().toURL()}, UnlistedEntity.class.getClassLoader());
    }

    /** Compiles the entity, packs it into {@code dir}/payment.jar (with its folders' entries) and returns a loader over it. */
    public static URLClassLoader inAJar(Path dir) throws IOException {
        Path classes = compile(dir);
        Path jar = dir.resolve("payment.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String folder : new String[] {"io/", "io/posdb/", "io/posdb/orm/"}) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("io/posdb/orm/TestPayment.class"));
            Files.copy(classes.resolve("io/posdb/orm/TestPayment.class"), (OutputStream) out);
            out.closeEntry();
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, UnlistedEntity.class.getClassLoader());
    }

    private static Path compile(Path dir) throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/io/posdb/orm")).resolve("TestPayment.java");
        Files.writeString(source, """
                package io.posdb.orm;

                import jakarta.persistence.*;

                @Entity
                @Table(name = "test_payment")
                public class TestPayment {
                    @Id
                    @GeneratedValue(strategy = GenerationType.IDENTITY)
                    private Long id;

                    @ManyToOne
                    @JoinColumn(name = "sale_id")
                    private Sale sale;
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, null, errors, "-d", classes.toString(), "-classpath",
                location(jakarta.persistence.Entity.class) + java.io.File.pathSeparator
                        + location(io.posdb.orm.Sale.class), source.toString());
        if (exit != 0) {
            throw new IllegalStateException("javac of " + source + ": " + errors);
        }
        return classes;
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
