package io.posdb.upgrade.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which disk, listed in fstab but absent from the mount table, a database's folder should be on. The two
 * tables are written here in the kernel's and fstab's own formats (real tables are read by the process
 * test in {@code VanishedShopTest}).
 */
class UnmountedDiskTest {

    @TempDir
    Path dir;

    private Path fstab;
    private Path mountinfo;
    private Path disk;

    @BeforeEach
    void tables() throws Exception {
        fstab = dir.resolve("fstab");
        mountinfo = dir.resolve("mountinfo");
        disk = Files.createDirectories(dir.resolve("disk")).toRealPath();
        Files.writeString(fstab, """
                # /etc/fstab: static file system information.
                UUID=1111-root  /        ext4  errors=remount-ro  0  1
                /swapfile       none     swap  sw                 0  0
                """);
        mounted("/");
    }

    @Test
    void aFolderUnderAListedMountPointThatIsNotMountedNamesItsDiskAndTheMountCommand() throws Exception {
        listed("LABEL=SHOP", disk);

        Optional<UnmountedDisk> unmounted = UnmountedDisk.under(disk.resolve("data/pos.db"), fstab, mountinfo);

        assertThat(unmounted).contains(new UnmountedDisk(disk, "LABEL=SHOP"));
        assertThat(unmounted.get().mountCommand()).isEqualTo("mount '" + disk + "'");
        assertThat(unmounted.get().refusal(disk.resolve("data/pos.db"), false))
                .startsWith("Database " + disk.resolve("data/pos.db") + " does not exist, and the disk /etc/fstab mounts on "
                        + disk + " (LABEL=SHOP) is not mounted")
                .contains("A new, empty shop is not made");
    }

    @Test
    void onceTheDiskIsMountedNothingIsFound() throws Exception {
        listed("/dev/sdb1", disk);
        mounted(disk.toString());

        assertThat(UnmountedDisk.under(disk.resolve("pos.db"), fstab, mountinfo)).isEmpty();
    }

    @Test
    void aFolderOnlyUnderTheRootDiskOrAnotherMountPointIsNotConcerned() throws Exception {
        listed("/dev/sdb1", dir.resolve("elsewhere"));

        assertThat(UnmountedDisk.under(disk.resolve("pos.db"), fstab, mountinfo)).isEmpty();
        assertThat(UnmountedDisk.under(dir.resolve("disk-2/pos.db"), fstab, mountinfo))
                .as("a sibling whose name starts the same").isEmpty();
    }

    @Test
    void theDeepestListedMountPointDecides() throws Exception {
        Path shop = Files.createDirectories(disk.resolve("shop"));
        listed("/dev/sdb1", disk);
        listed("/dev/mmcblk0p1", shop);
        mounted(disk.toString());

        assertThat(UnmountedDisk.under(shop.resolve("pos.db"), fstab, mountinfo))
                .contains(new UnmountedDisk(shop, "/dev/mmcblk0p1"));
    }

    @Test
    void aPathWithASpaceIsReadFromTheTablesOctalEscapes() throws Exception {
        Path spaced = Files.createDirectories(dir.resolve("shop disk")).toRealPath();
        Files.writeString(fstab, "/dev/sdb1 " + spaced.toString().replace(" ", "\\040") + " ext4 defaults 0 2\n",
                StandardOpenOption.APPEND);

        assertThat(UnmountedDisk.under(spaced.resolve("pos.db"), fstab, mountinfo)).contains(new UnmountedDisk(spaced, "/dev/sdb1"));
        mounted(spaced.toString().replace(" ", "\\040"));
        assertThat(UnmountedDisk.under(spaced.resolve("pos.db"), fstab, mountinfo)).isEmpty();
    }

    @Test
    void aPathThroughASymbolicLinkIsJudgedWhereItLeads() throws Exception {
        listed("/dev/sdb1", disk);
        Path link = Files.createSymbolicLink(dir.resolve("pos"), disk);

        assertThat(UnmountedDisk.under(link.resolve("pos.db"), fstab, mountinfo)).contains(new UnmountedDisk(disk, "/dev/sdb1"));
    }

    @Test
    void withoutTheTablesNothingIsFound() throws Exception {
        listed("/dev/sdb1", disk);

        assertThat(UnmountedDisk.under(disk.resolve("pos.db"), dir.resolve("no-fstab"), mountinfo)).isEmpty();
        assertThat(UnmountedDisk.under(disk.resolve("pos.db"), fstab, dir.resolve("no-mountinfo"))).isEmpty();
    }

    private void listed(String device, Path mountPoint) throws Exception {
        Files.writeString(fstab, device + "\t" + mountPoint + "\text4\tdefaults,nofail\t0\t2\n",
                StandardOpenOption.APPEND);
    }

    /** A line of /proc/self/mountinfo: the mount point is its fifth field. */
    private void mounted(String mountPoint) throws Exception {
        Files.writeString(mountinfo, "26 1 8:1 / " + mountPoint + " rw,relatime shared:1 - ext4 /dev/sda1 rw\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
