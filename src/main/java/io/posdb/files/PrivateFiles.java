package io.posdb.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files and folders as private as the database they hold a copy of (issue #19). A shop file
 * kept at {@code 0600} holds PIN hashes and every sale; its snapshot must not be readable by
 * accounts the database itself shuts out. SQLite's backup API and {@code Files} create a new
 * file with the process umask ({@code 0644} under the usual {@code 022}), whatever the source's
 * mode, so a copy is always made here first, empty, with the right mode, and only then does
 * SQLite write into it (an empty file is a valid empty database). SQLite gives the side files of a file ({@code -journal}, {@code -wal},
 * {@code -shm}) that file's own mode, so they follow.
 *
 * <p>The rule, on POSIX file systems:
 * <ul>
 * <li>The owner (the process, which could read the database: it is copying it) reads and
 * writes the copy: posdb writes it, and may have to restore or upgrade it.
 * <li>Group and others get exactly the read and write bits the database gives them, never
 * more. Group bits are kept only when the copy belongs to the database's group (set if the
 * process may; otherwise they are dropped: another group would be other people).
 * <li>Execute bits never: a database is not a program.
 * <li>A process running as root gives the copy the database's owner (see {@link #giveToTheDatabasesOwner}).
 * </ul>
 * The file is created owner-only ({@code 0600}, the umask can only narrow it), then given the
 * final mode with {@code chmod}, which the umask does not touch: a copy of a {@code 0640}
 * database is {@code 0640} even under umask {@code 077}, and one of a {@code 0600} database is
 * {@code 0600} even under umask {@code 000}. Temporary folders holding copies, and the folders posdb creates for a
 * new database, are {@code 0700}.
 *
 * <p>On a file system without POSIX permissions (Windows, FAT) files are created plainly: they
 * take the folder's access rules, which for a snapshot is the database's own folder and for a
 * temporary copy the user's private temporary folder.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_READ_WRITE = PosixFilePermissions.fromString("---rw----");
    private static final Set<PosixFilePermission> OTHERS_READ_WRITE = PosixFilePermissions.fromString("------rw-");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Creates the empty file {@code file} (it must not exist) with {@code database}'s
     * permissions or stricter, before any byte is written to it. When {@code database} does
     * not exist yet (a new till's first boot: its lock file and marker come first), the file is
     * owner-only, as the database posdb then creates is ({@link #createOwnerOnly}).
     */
    public static Path createLike(Path database, Path file) throws IOException {
        PosixFileAttributes source = posixAttributes(database);
        if (source == null) {
            return createOwnerOnly(file);
        }
        createOwnerOnly(file);
        if (!posix(file.toAbsolutePath().getParent())) {
            return file;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        giveToTheDatabasesOwner(view, source.owner());
        Set<PosixFilePermission> mode = copyMode(source.permissions());
        if (mode.stream().anyMatch(GROUP_READ_WRITE::contains) && !inGroup(view, source.group())) {
            mode.removeAll(GROUP_READ_WRITE);
        }
        view.setPermissions(mode);
        return file;
    }

    /** A new folder in {@code parent} (for copies) that only the owner can list or enter: {@code 0700} on POSIX. */
    static Path createTempFolder(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, onPosix(parent, OWNER_ONLY_FOLDER));
    }

    /**
     * Why posdb must not trust what it finds in {@code folder} (a cache whose entries decide a verdict): it
     * is a symbolic link, it belongs to another account, or group or others may write in it; empty when
     * only this account can put anything there, or on a file system without POSIX permissions.
     */
    public static Optional<String> whyNotPrivate(Path folder) throws IOException {
        if (Files.isSymbolicLink(folder)) {
            return Optional.of("it is a symbolic link");
        }
        if (!posix(folder)) {
            return Optional.empty();
        }
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        UserPrincipal self;
        try {
            self = folder.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (UserPrincipalNotFoundException e) {
            // An account without a name (a container's bare uid): Linux's /proc/self belongs to the process's user.
            Path process = Path.of("/proc/self");
            if (!Files.exists(process)) {
                return Optional.of("its owner " + attributes.owner().getName() + " cannot be compared with this account");
            }
            self = Files.getOwner(process);
        }
        if (!attributes.owner().equals(self)) {
            return Optional.of("it belongs to " + attributes.owner().getName());
        }
        if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("others may write in it (" + PosixFilePermissions.toString(attributes.permissions()) + ")");
        }
        return Optional.empty();
    }

    /** Creates the folder {@code folder} (it must not exist; its parent must) for its owner only: {@code 0700}. */
    public static Path createOwnerOnlyFolder(Path folder) throws IOException {
        return Files.createDirectory(folder, onPosix(folder.toAbsolutePath().getParent(), OWNER_ONLY_FOLDER));
    }

    /**
     * Creates {@code folder} and those of its parents that are missing, each for its owner only ({@code 0700} on
     * POSIX: the umask can only narrow it), as {@link #createOwnerOnlyFolder} does; folders already there are left
     * as they are. For the folders a new database goes in: a folder others may enter would show them the snapshots
     * and side files beside an owner-only ({@code 0600}) file, and one they may write in would let them replace them.
     */
    public static Path createOwnerOnlyFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return folder;
        }
        if (absolute.getParent() != null) {
            createOwnerOnlyFolders(absolute.getParent());
        }
        try {
            createOwnerOnlyFolder(absolute);
        } catch (FileAlreadyExistsException madeMeanwhile) {
            if (!Files.isDirectory(absolute)) {
                throw madeMeanwhile; // a file where the folder should be
            }
        }
        return folder;
    }

    /**
     * Creates the empty file {@code file} (it must not exist) readable and writable by its owner
     * only ({@code 0600} on POSIX, whatever the umask): for what posdb writes about a database
     * rather than a copy of it (a support bundle), which nobody else needs to read.
     */
    public static Path createOwnerOnly(Path file) throws IOException {
        return Files.createFile(file, onPosix(file.toAbsolutePath().getParent(), OWNER_READ_WRITE));
    }

    /**
     * The permissions {@code copy} has beyond what the rule above gives a copy of a database whose permissions are
     * {@code database} (empty when it is as private as it should be, or on a file system without POSIX permissions):
     * the mode the database is about to be given (a fix that makes it and its copies private in one command).
     */
    public static Set<PosixFilePermission> widerThanACopyOf(Set<PosixFilePermission> database, Path copy)
            throws IOException {
        PosixFileAttributes target = posixAttributes(copy);
        if (target == null) {
            return Set.of();
        }
        Set<PosixFilePermission> wider = new HashSet<>(target.permissions());
        wider.removeAll(copyMode(database));
        return wider;
    }

    /** The mode of a copy of a file with {@code database}'s permissions, by the rule above (group kept). */
    static Set<PosixFilePermission> copyMode(Set<PosixFilePermission> database) {
        Set<PosixFilePermission> mode = EnumSet.copyOf(OWNER_READ_WRITE);
        database.stream().filter(p -> GROUP_READ_WRITE.contains(p) || OTHERS_READ_WRITE.contains(p)).forEach(mode::add);
        return mode;
    }

    /**
     * An operator who runs posdb as root on a till's file ({@code sudo posdb update}) must not leave beside
     * it a lock file, marker or snapshot that the till's own account cannot open: the till would refuse to
     * start (exit 7) or could not restore. As SQLite does with the {@code -journal} and {@code -wal} it
     * creates as root, the new file is given the database's owner. Only root may; any other process
     * already is the owner of what it creates, and keeps it.
     */
    private static void giveToTheDatabasesOwner(PosixFileAttributeView view, UserPrincipal owner) throws IOException {
        if (view.getOwner().equals(owner)) {
            return;
        }
        try {
            view.setOwner(owner);
        } catch (IOException notRoot) {
            // Not allowed: the file stays the process's own, with the mode the rule gives a copy.
        }
    }

    /** Whether the file belongs to {@code group}, after trying to give it that group. */
    private static boolean inGroup(PosixFileAttributeView view, GroupPrincipal group) throws IOException {
        if (view.readAttributes().group().equals(group)) {
            return true;
        }
        try {
            view.setGroup(group);
            return true;
        } catch (IOException e) {
            // Not a member of the database's group: the copy keeps the process's group, which
            // must then get nothing (its members are not the database's).
            return false;
        }
    }

    /** {@code mode} as the attribute to create a file or folder with in {@code folder}; none without POSIX. */
    private static FileAttribute<?>[] onPosix(Path folder, Set<PosixFilePermission> mode) throws IOException {
        return posix(folder) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path folder) throws IOException {
        return Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** The file's POSIX attributes; null when it does not exist or its file system has none. */
    private static PosixFileAttributes posixAttributes(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return view == null ? null : view.readAttributes();
    }
}
