package io.posdb.changelog;

import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import java.nio.file.Files;
import java.nio.file.Path;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * Where the changelog is read from: the copy packaged with the application (what a till
 * uses), or a master changelog file on disk (for developers trying a change).
 */
public record ChangelogSource(String path, ResourceAccessor resources, String description) {

    public static ChangelogSource packaged() {
        return new ChangelogSource(ChangelogLocation.MASTER,
                new ClassLoaderResourceAccessor(ChangelogSource.class.getClassLoader()),
                "classpath:" + ChangelogLocation.MASTER);
    }

    /**
     * The changelog as Liquibase parses it, run inside {@link LiquibaseScope#run} (the parser reads the
     * scope's resources); one it cannot read is a {@link ChangelogException} naming it.
     */
    DatabaseChangeLog parse() throws ChangelogException {
        try {
            return ChangeLogParserFactory.getInstance().getParser(path, resources)
                    .parse(path, new ChangeLogParameters(), resources);
        } catch (Exception e) {
            throw new ChangelogException("Changelog " + description + " cannot be read: "
                    + LiquibaseScope.rootMessage(e), e);
        }
    }

    /** The changelog packaged with this release, whose manifest the build wrote. */
    public boolean isPackaged() {
        return resources instanceof ClassLoaderResourceAccessor && ChangelogLocation.MASTER.equals(path);
    }

    /** A master changelog on disk; its includes are resolved relative to its folder. */
    public static ChangelogSource file(Path master) throws MigrationException {
        Path absolute = master.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new ChangelogException("Changelog file " + absolute + " does not exist");
        }
        try {
            return new ChangelogSource(absolute.getFileName().toString(),
                    new DirectoryResourceAccessor(absolute.getParent()), absolute.toString());
        } catch (Exception e) {
            throw new ChangelogException("Cannot read the folder of changelog " + absolute + ": " + FailureReason.of(e), e);
        }
    }
}
