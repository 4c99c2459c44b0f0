package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.posdb.testsupport.LegacyDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A till boots without asking a name service: with the shop's network up and its DNS server silent (the router
 * down), each question waited seconds. Liquibase named the host of its lock row by a reverse look-up of the LAN
 * address; posdb gives it the name itself. Seen from the JDK's own hook on every look-up (the security manager's
 * {@code checkConnect(host, -1)}, Java 17's only one), in a process of its own that boots a legacy shop.
 */
@Tag("process")
class NoNameServiceAtBootTest {

    @TempDir
    Path dir;

    @Test
    void anUpgradeBootAsksNoNameService() throws Exception {
        assumeTrue(Runtime.version().feature() < 24, "the security manager, the only look-up hook, is gone");
        Path shop = LegacyDatabases.shop(dir.resolve("pos.db"));
        Path lookups = dir.resolve("lookups.txt");

        Process boot = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.manager=allow", "-Dlogback.configurationFile=logback.xml", "-Dlookups=" + lookups,
                "-cp", System.getProperty("java.class.path"), RecordingLookups.class.getName(), "boot", "--db",
                shop.toString()).directory(dir.toFile()).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .start();
        assertThat(boot.waitFor(5, TimeUnit.MINUTES)).isTrue();

        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(boot.exitValue()).as(err).isZero();
        assertThat(err).as("the boot upgraded the shop, taking Liquibase's lock").contains("All migrations completed successfully");
        assertThat(Files.readAllLines(lookups)).as("names looked up").isEmpty();
    }

    /** posdb's command line with every name look-up written to the file {@code -Dlookups} names. */
    public static final class RecordingLookups {

        public static void main(String[] args) throws Exception {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkPermission(Permission permission) {
                    // Everything is allowed: only look-ups are recorded.
                }

                @Override
                public void checkConnect(String host, int port) {
                    if (port == -1) {
                        seen.add(host + " at " + List.of(new Throwable().getStackTrace()).subList(2, 8));
                    }
                }
            });
            int exit = PosdbCommand.newCommandLine().execute(args);
            Files.write(Path.of(System.getProperty("lookups")), seen);
            System.exit(exit);
        }
    }
}
