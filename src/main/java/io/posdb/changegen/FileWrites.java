package io.posdb.changegen;

import io.posdb.failure.BootFailure;
import io.posdb.failure.FailureReason;
import io.posdb.failure.PosDatabaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one run of bin/new-changeset writes, all or nothing: the files it creates and the files it changes (the
 * master changelog, module-info.java). No file it creates may exist yet, checked for all of them before the first is
 * written; when a write still fails half way (a full disk, a folder that cannot be made), what the run wrote is
 * undone, so the repository is as it was: a half-written run left a class whose changeset id matched no YAML.
 */
final class FileWrites {

    /**
     * What a run wrote: its files relative to the root, new files first; or nothing, when files it would create are
     * there already ({@code existing}). bin/new-changeset refuses that naming them (exit 1, "refused, nothing
     * written"), as it refuses a change it cannot generate: an answer, not a failure. A write that fails is the
     * project's one failure type ({@link PosDatabaseException}, {@link BootFailure#NOT_WRITABLE}, exit 7).
     */
    record Written(List<Path> files, List<Path> existing) {

        boolean refused() {
            return !existing.isEmpty();
        }

        /** "a, b already exist", "a already exists": what the refusal starts with. */
        String alreadyThere() {
            return existing.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + (existing.size() == 1 ? " already exists" : " already exist");
        }
    }

    private final Path root;
    private final Map<Path, String> toCreate = new LinkedHashMap<>();
    private final Map<Path, String> toChange = new LinkedHashMap<>();

    FileWrites(Path root) {
        this.root = root;
    }

    /** A new file, written in the order given; {@code file} is relative to the root or absolute. */
    FileWrites create(Path file, String text) {
        toCreate.put(root.resolve(file), text);
        return this;
    }

    /** An existing file's new text, written after every new file. */
    FileWrites change(Path file, String text) {
        toChange.put(root.resolve(file), text);
        return this;
    }

    /**
     * Writes every file, unless a file to create exists (also as a link, or a folder): then nothing is written, and
     * the result names those files.
     *
     * @throws PosDatabaseException {@link BootFailure#NOT_WRITABLE}: a write failed; what this run had written is
     *                              removed or given back its text
     * @throws IOException          a file to change cannot be read: nothing is written
     */
    Written write() throws PosDatabaseException, IOException {
        List<Path> existing = toCreate.keySet().stream().filter(f -> Files.exists(f, LinkOption.NOFOLLOW_LINKS))
                .map(root::relativize).toList();
        if (!existing.isEmpty()) {
            return new Written(List.of(), existing);
        }
        Map<Path, String> original = new LinkedHashMap<>();
        for (Path file : toChange.keySet()) {
            original.put(file, Files.readString(file, StandardCharsets.UTF_8));
        }
        List<Path> created = new ArrayList<>();
        Path writing = null;
        try {
            for (Map.Entry<Path, String> file : toCreate.entrySet()) {
                writing = file.getKey();
                createFolders(writing.getParent(), created);
                Files.writeString(writing, file.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                created.add(writing);
            }
            for (Map.Entry<Path, String> file : toChange.entrySet()) {
                writing = file.getKey();
                Files.writeString(writing, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            List<IOException> notUndone = undo(created, original);
            PosDatabaseException failure = new PosDatabaseException(BootFailure.NOT_WRITABLE, "cannot write "
                    + root.relativize(writing) + ": " + FailureReason.of(e) + (notUndone.isEmpty()
                    ? "; removed what this run had written, nothing is changed"
                    : "; could not undo all this run wrote: " + notUndone.stream().map(FailureReason::of).toList()), e);
            notUndone.forEach(failure::addSuppressed);
            throw failure;
        }
        return new Written(Stream.concat(toCreate.keySet().stream(), toChange.keySet().stream()).map(root::relativize)
                .toList(), List.of());
    }

    /** Makes {@code folder} and the folders above it that are missing, recording each it made. */
    private static void createFolders(Path folder, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path f = folder; f != null && !Files.isDirectory(f); f = f.getParent()) {
            missing.add(0, f);
        }
        for (Path f : missing) {
            Files.createDirectory(f);
            created.add(f);
        }
    }

    /** Deletes what was created, newest first, and gives the changed files their text back; returns what failed. */
    private static List<IOException> undo(List<Path> created, Map<Path, String> original) {
        List<IOException> failed = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                failed.add(e);
            }
        }
        for (Map.Entry<Path, String> file : original.entrySet()) {
            try {
                Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                failed.add(e);
            }
        }
        return failed;
    }
}
