package io.posdb.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Which programs have a database file open or hold a lock on it: what an "in use" refusal waits for and names. */
public final class LockHolders {

    private static final Pattern SECRET = Pattern.compile("(?i)pass|secret|token|pwd|key");

    private LockHolders() {
    }

    /**
     * The other processes holding a lock on {@code file} ({@code /proc/locks}) or having it open
     * ({@link #withFileOpen}), as {@code pid 1234: java -jar till.jar}, so that the person on the phone knows
     * which program to stop. Linux lists every lock in {@code /proc/locks}, with the holder's pid and the file's
     * device and inode; read there, nothing is opened on the file itself. Empty where Linux's lists are missing,
     * or the file's device and inode cannot be read.
     */
    public static List<String> of(Path file) {
        Set<Long> pids = new TreeSet<>(lockingPids(file));
        pids.addAll(withFileOpen(file));
        return pids.stream().map(pid -> "pid " + pid + commandOf(pid)).toList();
    }

    /** The holders of {@code file} joined for a message, or {@code unknown} when none can be named. */
    public static String describe(Path file, String unknown) {
        List<String> holders = of(file);
        return holders.isEmpty() ? unknown : String.join("; ", holders);
    }

    /**
     * The other processes that have {@code file} open, found in Linux's {@code /proc/<pid>/fd} (those this
     * account may look into: all of them as root). An idle connection to a rollback-journal file holds no lock,
     * so only this sees a till that is running but not reading at the moment. Empty where there is no
     * {@code /proc}. Reading the links opens nothing on the file.
     */
    public static Set<Long> withFileOpen(Path file) {
        String self = String.valueOf(ProcessHandle.current().pid());
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            String target = file.toRealPath().toString();
            return processes.map(process -> process.getFileName().toString())
                    .filter(pid -> pid.chars().allMatch(Character::isDigit) && !pid.equals(self)
                            && hasOpen(Path.of("/proc", pid, "fd"), target))
                    .map(Long::parseLong).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException | RuntimeException goneOrNoProc) {
            return new TreeSet<>();
        }
    }

    /**
     * Whether this process has {@code file} open, found in Linux's {@code /proc/self/fd}: a connection of this
     * process's own (a pool, an EntityManagerFactory) that SQLite's file locks cannot show, since POSIX locks belong to
     * a process. False where there is no {@code /proc}, or the file is not there.
     */
    public static boolean openInThisProcess(Path file) {
        try {
            return hasOpen(Path.of("/proc/self/fd"), file.toRealPath().toString());
        } catch (IOException | RuntimeException goneOrNoProc) {
            return false;
        }
    }

    /** Whether a link in {@code descriptors} (a process's {@code fd} folder) names {@code target}. */
    private static boolean hasOpen(Path descriptors, String target) {
        try (Stream<Path> links = Files.list(descriptors)) {
            return links.anyMatch(link -> target.equals(readLink(link)));
        } catch (IOException | RuntimeException notOurs) {
            return false; // another account's process, or one that ended meanwhile
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** The processes /proc/locks lists with a lock on {@code file}, this one left out. */
    private static Set<Long> lockingPids(Path file) {
        try {
            long device = (Long) Files.getAttribute(file, "unix:dev");
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            // Linux's st_dev encoding (new_encode_dev), as /proc/locks prints it: "major:minor:inode", hex major/minor.
            long major = (device & 0xfff00) >> 8;
            long minor = (device & 0xff) | ((device >> 12) & 0xfff00);
            String id = String.format(Locale.ROOT, "%02x:%02x:%d", major, minor, inode);
            long self = ProcessHandle.current().pid();
            // Where Linux's list is missing or unreadable, reading it fails and no holder is named.
            return Files.readAllLines(Path.of("/proc/locks"), StandardCharsets.UTF_8).stream()
                    .map(line -> line.replace("->", " ").trim().split("\\s+"))
                    .filter(fields -> fields.length >= 6 && fields[5].equals(id) && fields[4].matches("\\d+"))
                    .map(fields -> Long.parseLong(fields[4])).filter(pid -> pid != self)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException | RuntimeException unknown) {
            return Set.of(); // naming the holder is a help, not a condition
        }
    }

    /**
     * The process's command line on one line, cut at 100 characters, its secrets blanked (it goes into logs and
     * the doctor's support bundle); empty when the system does not say.
     */
    private static String commandOf(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine()
                .or(() -> process.info().command())).map(LockHolders::withoutSecrets)
                .map(command -> ": " + (command.length() > 100 ? command.substring(0, 100) + "…" : command)).orElse("");
    }

    /**
     * Blanks what follows {@code =} in an argument that names a password, secret, token or key
     * ({@code --password=x}, {@code -Dspring.datasource.password=x}, a JDBC URL's {@code password=x}), and
     * the argument after one that is only such a name ({@code --password x}), and the password of a URL's
     * {@code user:password@} part.
     */
    static String withoutSecrets(String commandLine) {
        String[] words = commandLine.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (!SECRET.matcher(words[i]).find()) {
                words[i] = PostgresDatabase.redact(words[i]); // a URL's user:password@ names no secret
                continue;
            }
            int equals = words[i].indexOf('=');
            if (equals >= 0) {
                words[i] = words[i].substring(0, equals + 1) + "…";
            } else if (words[i].startsWith("-") && i + 1 < words.length) {
                words[++i] = "…";
            }
        }
        return String.join(" ", words);
    }
}
