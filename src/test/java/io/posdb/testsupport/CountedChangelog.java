package io.posdb.testsupport;

import io.posdb.changelog.ChangelogSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * A changelog on disk read through a folder that counts Liquibase's look-ups of the master file: how many times a
 * command parses the changelog, compared with what one parse ({@code ChangelogManifest.parse}) counts the same way,
 * never with a fixed number.
 */
public final class CountedChangelog implements ResourceAccessor {

    private final Path master;
    private final DirectoryResourceAccessor folder;
    private final AtomicInteger reads = new AtomicInteger();

    public CountedChangelog(Path master) throws IOException {
        this.master = master;
        this.folder = new DirectoryResourceAccessor(master.getParent());
    }

    /** The changelog as a command's setting, read through this folder. */
    public ChangelogSource source() {
        return new ChangelogSource(master.getFileName().toString(), this, master.toString());
    }

    /** Look-ups of the master file so far. */
    public int reads() {
        return reads.get();
    }

    @Override
    public List<Resource> search(String path, boolean recursive) throws IOException {
        return folder.search(path, recursive);
    }

    @Override
    public List<Resource> getAll(String path) throws IOException {
        if (path.equals(master.getFileName().toString())) {
            reads.incrementAndGet();
        }
        return folder.getAll(path);
    }

    @Override
    public List<String> describeLocations() {
        return folder.describeLocations();
    }

    @Override
    public void close() throws Exception {
        folder.close();
    }
}
