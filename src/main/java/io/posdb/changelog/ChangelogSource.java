package io.posdb.changelog;

import io.posdb.failure.Causes;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Where the changelog is read from: the copy packaged with the application (what a till
 * uses), or a master changelog file on disk (for developers trying a change).
 */
public record ChangelogSource(String path, ResourceAccessor resources, String description) {

    /** Liquibase's words for the file it was parsing when a change in it failed: {@code Error parsing <file> :}. */
    private static final Pattern PARSING = Pattern.compile("Error parsing (\\S+) :");

    public static ChangelogSource packaged() {
        return new ChangelogSource(ChangelogLocation.MASTER,
                new ClassLoaderResourceAccessor(ChangelogSource.class.getClassLoader()),
                "classpath:" + ChangelogLocation.MASTER);
    }

    /**
     * The changelog as Liquibase parses it, run inside {@link LiquibaseScope#run} (the parser reads the
     * scope's resources); one it cannot read is a {@link ChangelogException} naming it.
     */
    public DatabaseChangeLog parse() throws ChangelogException {
        try {
            return ChangeLogParserFactory.getInstance().getParser(path, resources)
                    .parse(path, new ChangeLogParameters(), resources);
        } catch (Exception e) {
            throw new ChangelogException("Changelog " + description + " cannot be read: "
                    + Causes.first(e, ClassNotFoundException.class).map(missing -> classNotFound(e, missing))
                            .orElseGet(() -> LiquibaseScope.rootMessage(e)), e);
        }
    }

    /**
     * A customChange whose class is not on the classpath: Liquibase's words end in the bare class name of the
     * ClassNotFoundException ({@code Error parsing changes/0021-x.yaml : io.posdb...NormalisePaymentMethods}), which
     * says neither that it is missing nor what to do. A changeset merged without rebuilding the jar that runs it.
     */
    private static String classNotFound(Exception error, ClassNotFoundException missing) {
        String file = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            // Liquibase names each file it was parsing, the master first: the innermost names the changeset's own.
            Matcher parsing = cause.getMessage() == null ? null : PARSING.matcher(cause.getMessage());
            while (parsing != null && parsing.find()) {
                file = parsing.group(1);
            }
        }
        return (file == null ? "a changeset" : file) + " names the custom change class " + missing.getMessage()
                + ", which is not on the classpath: rebuild the jar with it (mvn package), or run a jar built with it";
    }

    /** The changelog packaged with this release, whose manifest the build wrote. */
    public boolean isPackaged() {
        return resources instanceof ClassLoaderResourceAccessor && ChangelogLocation.MASTER.equals(path);
    }

    /**
     * A master changelog on disk; its includes are resolved relative to its folder. It throws nothing but an
     * IllegalArgumentException for no path at all: a file (or
     * folder) that does not exist, or a folder (the root folder too) named as the changelog, is said where the
     * changelog is first read ({@link LiquibaseScope#run}), so every
     * entry point that reads it fails as it does for a changelog that includes a missing file, with posdb's one
     * failure type (BAD_CHANGELOG), and an application needs no other catch for building its settings.
     */
    public static ChangelogSource file(Path master) {
        if (master == null) {
            // Refused as the settings' builder refuses a setting left out, not by a bare NullPointerException.
            throw new IllegalArgumentException("changelog must be set: ChangelogSource.file needs the master "
                    + "changelog's path (ChangelogSource.packaged() for the one this release packages)");
        }
        Path absolute = master.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            // A root folder ("/") has no file name nor parent: a source that reads nothing, refused where the
            // changelog is read (requireFound) as any folder is, not by a NullPointerException here.
            return new ChangelogSource(absolute.toString(), new CompositeResourceAccessor(), absolute.toString());
        }
        return new ChangelogSource(absolute.getFileName().toString(), folder(absolute.getParent()),
                absolute.toString());
    }

    /**
     * A master changelog on disk read as the jar reads the copy it packages ({@link PackagedChangelogFolder}): its
     * folder is the class path's {@code changelog/}, so a file a changeset names is found only where a till's boot
     * finds it in the jar. What lint reads: a changelog it passes is one the jar can run. Described, like
     * {@link #file}, by the master's absolute path.
     */
    public static ChangelogSource packagedFrom(Path master) {
        Path absolute = master.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            return file(master);
        }
        return new ChangelogSource(PackagedChangelogFolder.CLASS_PATH_FOLDER + absolute.getFileName(),
                new PackagedChangelogFolder(absolute.getParent()), absolute.toString());
    }

    /**
     * Where this source looks a changeset's file up, and whether it is there: {@code path} as the changeset names
     * it, relative to its changelog file ({@code changelogFile}, the path Liquibase parsed it from) or to the
     * source's root, resolved as Liquibase's sqlFile resolves it. For lint's account of an sqlFile the jar lacks.
     */
    public Resource lookUp(String changelogFile, String path, boolean relativeToChangelogFile) throws IOException {
        return relativeToChangelogFile ? resources.get(changelogFile).resolveSibling(path) : resources.get(path);
    }

    /** The folder's files; one that does not exist (or is not a folder) holds none, which {@link #requireFound} says. */
    private static ResourceAccessor folder(Path folder) {
        try {
            return new DirectoryResourceAccessor(folder);
        } catch (FileNotFoundException | IllegalArgumentException e) {
            return new CompositeResourceAccessor();
        }
    }

    /**
     * Refuses a changelog on disk that is not there, naming the file and the setting that chose it (read inside
     * {@link LiquibaseScope#run}, before Liquibase looks for it and says only "not found in the search path").
     * The packaged changelog is in the jar: a missing one is a broken build, which its parse says. A folder
     * (the root folder too) is refused as one.
     */
    void requireFound() throws ChangelogException {
        if (isPackaged()) {
            return;
        }
        if (isFolder(description)) {
            // Liquibase would find a folder and then no parser for it, a message that does not say what was named.
            throw new ChangelogException("Changelog " + description + " is a folder, not a changelog file (the"
                    + " changelog setting, --changelog on the command line, names it instead of the packaged"
                    + " changelog): name its master changelog, such as db.changelog-master.yaml");
        }
        try {
            if (resources.get(path).exists()) {
                return;
            }
        } catch (IOException e) {
            throw new ChangelogException("Changelog " + description + " cannot be read: " + FailureReason.of(e), e);
        }
        throw new ChangelogException("Changelog file " + description + " does not exist (the changelog setting, "
                + "--changelog on the command line, names it instead of the packaged changelog)");
    }

    /** The description of a changelog on disk is its absolute path; any other names no folder. */
    private static boolean isFolder(String description) {
        try {
            return Files.isDirectory(Path.of(description));
        } catch (InvalidPathException notAPath) {
            return false;
        }
    }
}
