package io.posdb.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** POSIX modes of files, written as {@code ls -l} does ({@code rw-------}), for tests of who may read a copy. */
public final class FileModes {

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {
    }

    public static String of(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** Sets {@code file}'s mode ({@code chmod}: the umask does not apply); returns the file. */
    public static Path set(Path file, String mode) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** Whether anyone but the owner may read, write or enter {@code file}. */
    public static boolean openToOthers(Path file) throws IOException {
        return Files.getPosixFilePermissions(file).stream().anyMatch(GROUP_AND_OTHERS::contains);
    }
}
