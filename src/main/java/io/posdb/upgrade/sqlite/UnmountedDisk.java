package io.posdb.upgrade.sqlite;

import io.posdb.database.ShellWords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The disk a database's folder should be on, listed in {@code /etc/fstab} but not mounted now
 * ({@code /proc/self/mountinfo}): a till whose shop lives on a second disk or an SD card, booted while
 * that disk failed to mount. The path then names a folder of the system disk (the empty mount point),
 * with no database and no snapshots in it, which looks like a new till's first boot; a new, empty
 * shop made there would take the day's sales while the shop's data sits on the unmounted disk, and
 * would be hidden under it once it mounts again. Linux only: without those two files it finds nothing.
 *
 * @param mountPoint the folder {@code /etc/fstab} mounts the disk on, an ancestor of the database's folder
 * @param device     what fstab mounts there ({@code /dev/sdb1}, {@code UUID=...})
 */
public record UnmountedDisk(Path mountPoint, String device) {

    private static final Path FSTAB = Path.of("/etc/fstab");
    private static final Path MOUNTED = Path.of("/proc/self/mountinfo");
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    /** The unmounted disk {@code file}'s folder should be on, if any. */
    public static Optional<UnmountedDisk> under(Path file) throws IOException {
        return under(file, FSTAB, MOUNTED);
    }

    /** {@link #under(Path)} with the system's tables read from the given files. */
    static Optional<UnmountedDisk> under(Path file, Path fstab, Path mountinfo) throws IOException {
        if (!Files.isReadable(fstab) || !Files.isReadable(mountinfo)) {
            return Optional.empty();
        }
        Path folder = realFolder(file.toAbsolutePath().normalize().getParent());
        Set<Path> mounted = Files.readAllLines(mountinfo, StandardCharsets.UTF_8).stream()
                .map(line -> line.trim().split("\\s+")).filter(fields -> fields.length > 4)
                .map(fields -> Path.of(unescape(fields[4]))).collect(Collectors.toSet());
        UnmountedDisk deepest = null;
        for (String line : Files.readAllLines(fstab, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2 || fields[0].startsWith("#") || !fields[1].startsWith("/")) {
                continue; // a comment, a blank line, swap ("none")
            }
            Path mountPoint = realFolder(Path.of(unescape(fields[1])).normalize());
            // The deepest listed mount point holding the folder decides: /srv mounted but /srv/shop not is missing.
            if (folder.startsWith(mountPoint) && (deepest == null || mountPoint.startsWith(deepest.mountPoint))) {
                deepest = new UnmountedDisk(mountPoint, unescape(fields[0]));
            }
        }
        return deepest == null || mounted.contains(deepest.mountPoint) ? Optional.empty() : Optional.of(deepest);
    }

    /** Why no database is made at {@code file}, and what to do. */
    public String refusal(Path file, boolean exists) {
        return "Database " + file + (exists ? " is empty (0 bytes)" : " does not exist") + ", and the disk /etc/fstab "
                + "mounts on " + mountPoint + " (" + device + ") is not mounted: the shop's data is on that disk. A new, "
                + "empty shop is not made in the folder under the mount point. Mount the disk (" + mountCommand()
                + ", or see why it failed: journalctl -b | grep " + ShellWords.quote(mountPoint.toString())
                + ") and start again";
    }

    /** What an operator types to mount it. */
    public String mountCommand() {
        return "mount " + ShellWords.quote(mountPoint.toString());
    }

    /** The folder with symbolic links resolved as far as it exists, the rest appended: how mounts name it. */
    private static Path realFolder(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return folder;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(folder));
        } catch (IOException e) {
            return folder;
        }
    }

    /** fstab and mountinfo write a space, tab, newline or backslash in a path as an octal escape ({@code \040}). */
    private static String unescape(String field) {
        return OCTAL_ESCAPE.matcher(field).replaceAll(escape -> Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
    }
}
