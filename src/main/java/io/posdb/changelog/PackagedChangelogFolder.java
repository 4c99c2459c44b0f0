package io.posdb.changelog;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.resource.AbstractResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.PathResource;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor.SearchOptions;

/**
 * A changelog folder on disk laid out as the jar packages it: the folder is the class path's {@code changelog/}
 * ({@link ChangelogLocation#MASTER}'s folder, whatever the folder on disk is called) and nothing else is on this
 * class path. A path a changeset names (an {@code sqlFile}, an include) resolves here as a till's boot resolves it
 * in the jar with Liquibase's {@code ClassLoaderResourceAccessor}, or not at all: {@code changes/x.sql} without
 * {@code relativeToChangelogFile} is looked up at the class path's root, where the jar has none; an absolute path
 * loses its leading slash there and is looked up under the class path (beside the changeset's file when relative
 * to it), never on the disk of the machine that built the jar; a path that leaves {@code changelog/} reaches
 * nothing the jar packages. {@code mvn liquibase:update} reads the repository root the same way
 * ({@code searchPath}), but a plain folder would find an absolute path on the developer's disk: the jar would not.
 */
final class PackagedChangelogFolder extends AbstractResourceAccessor {

    /** The class path's folder the changelog is packaged in, with its slash: {@code changelog/}. */
    static final String CLASS_PATH_FOLDER = ChangelogLocation.MASTER.substring(0, ChangelogLocation.MASTER
            .lastIndexOf('/') + 1);

    private final Path folder;

    PackagedChangelogFolder(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public List<Resource> getAll(String path) throws IOException {
        Objects.requireNonNull(path, "path");
        String name = classPathName(path);
        Path file = name == null ? null : onDisk(name);
        return file != null && Files.exists(file) ? List.of(new Packaged(name, file)) : List.of();
    }

    /**
     * What Liquibase reads a file through: a path the jar lacks is named as the class path names it (an absolute
     * path as the path under the class path it is there); reading it says the file on disk that would have been
     * packaged as it does not exist, else the class path's name, outside the packaged {@code changelog/}.
     */
    @Override
    public Resource get(String path) throws IOException {
        List<Resource> found = getAll(path);
        if (!found.isEmpty()) {
            return found.get(0);
        }
        String name = classPathName(path);
        return new Missing(name == null ? path : name);
    }

    /** Under a folder of {@code changelog/} (Liquibase's includeAll): the files below it, as the jar names them. */
    @Override
    public List<Resource> search(String path, SearchOptions searchOptions) throws IOException {
        String name = classPathName(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (name == null || !name.startsWith(CLASS_PATH_FOLDER) && !(name + "/").equals(CLASS_PATH_FOLDER)) {
            return List.of();
        }
        List<Resource> found = new ArrayList<>();
        String under = (name + "/").equals(CLASS_PATH_FOLDER) ? "" : name.substring(CLASS_PATH_FOLDER.length());
        for (Resource resource : new DirectoryResourceAccessor(folder).search(under, searchOptions)) {
            found.add(new Packaged(CLASS_PATH_FOLDER + resource.getPath(), Path.of(resource.getUri())));
        }
        return found;
    }

    @Override
    public List<Resource> search(String path, boolean recursive) throws IOException {
        SearchOptions options = new SearchOptions();
        options.setRecursive(recursive);
        return search(path, options);
    }

    @Override
    public List<String> describeLocations() {
        return List.of(folder + " (as the class path's " + CLASS_PATH_FOLDER + ")");
    }

    @Override
    public void close() {
    }

    /** The file on disk the jar's entry {@code name} was packaged from; null when the jar holds it elsewhere. */
    private Path onDisk(String name) {
        return name.startsWith(CLASS_PATH_FOLDER) ? folder.resolve(name.substring(CLASS_PATH_FOLDER.length())) : null;
    }

    /**
     * {@code path} as a class loader looks it up in the jar: slashes for backslashes, no leading slash (Liquibase
     * drops it, so an absolute path is one under the class path), {@code .} and {@code ..} resolved as a jar URI
     * resolves them; null when it climbs above the class path's root.
     */
    static String classPathName(String path) {
        Deque<String> names = new ArrayDeque<>();
        for (String part : path.replace('\\', '/').replaceFirst("^classpath\\*?:", "").split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (names.pollLast() == null) {
                    return null;
                }
            } else {
                names.addLast(part);
            }
        }
        return String.join("/", names);
    }

    /** A file the jar lacks; its siblings are looked up on this class path too. */
    private final class Missing extends NotFoundResource {

        Missing(String name) {
            super(name, PackagedChangelogFolder.this);
        }

        @Override
        public InputStream openInputStream() throws IOException {
            // In Liquibase's words for a file of a folder that is not there (PathResource), naming it on disk.
            Path file = onDisk(getPath());
            throw new FileNotFoundException((file != null ? file.toString() : getPath() + " (on the class path, "
                    + "outside the " + CLASS_PATH_FOLDER + " the jar packages)") + " does not exist");
        }
    }

    /**
     * A file of the folder under its class path name. What it resolves (an sqlFile relative to its changeset's
     * file, an include) is looked up on this class path again, as a jar entry's sibling is, not on the disk beside
     * the file: an absolute sibling is one under the class path.
     */
    private final class Packaged extends PathResource {

        Packaged(String name, Path file) {
            super(name, file);
        }

        @Override
        public Resource resolve(String other) {
            return lookUp(resolvePath(other));
        }

        @Override
        public Resource resolveSibling(String other) {
            return lookUp(resolveSiblingPath(other));
        }

        private Resource lookUp(String path) {
            try {
                return get(path);
            } catch (IOException e) {
                throw new UnexpectedLiquibaseException(e);
            }
        }
    }
}
