package io.posdb.changegen;

import io.posdb.changelog.Release;
import io.posdb.failure.PosDatabaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code bin/new-changeset --data NAME}: the files of an audited data change, on the
 * reusable piece (io.posdb.migration.data): the changeset file (precondition "anything to
 * do", the change), the next file with the verification that halts naming rows left unmapped, the class that
 * declares the facts, and a test skeleton at the house style's three levels whose tests
 * fail until they are written. Placeholders say TODO; nothing is guessed.
 */
record DataChangeScaffold(Path root, String author) {

    private static final String PACKAGE = "io.posdb.migration.changes";
    /** The comment in module-info.java after the catalogue's {@code opens} lines. */
    static final String CATALOGUE_END = "// (end of the custom-change catalogue)";

    /**
     * Writes the files, all or nothing ({@link FileWrites}): the result's files relative to the root, or, when a file
     * it would create is there (a data change of that name was scaffolded before), nothing written and those files.
     *
     * @throws PosDatabaseException {@link io.posdb.failure.BootFailure#NOT_WRITABLE}: a write failed half way, and
     *                              what the run had written is removed
     */
    FileWrites.Written write(String name) throws IOException, PosDatabaseException {
        MasterChangelog changelog = new MasterChangelog(root);
        String id = changelog.nextId(name);
        String type = className(name);
        // The verification is a file of its own (as 0009 is): a changeset's id is its file's name.
        String verifyId = String.format(Locale.ROOT, "%04d", Integer.parseInt(id.substring(0, 4)) + 1) + "-" + name + "-verify";
        Path main = Path.of("src/main/java/" + PACKAGE.replace('.', '/'));
        Path test = Path.of("src/test/java/" + PACKAGE.replace('.', '/'));
        FileWrites writes = new FileWrites(root)
                .create(changelog.file(id), template("data-change.yaml.txt", id, type).replace("{{VERIFY_ID}}", verifyId))
                .create(changelog.file(verifyId), template("data-change-verify.yaml.txt", verifyId, type)
                        .replace("{{CHANGE_ID}}", id));
        if (!Files.exists(root.resolve(main).resolve("package-info.java"))) {
            writes.create(main.resolve("package-info.java"), "/** Audited data changes, one class each, on "
                    + "io.posdb.migration.data. */\npackage " + PACKAGE + ";\n");
        }
        writes.create(main.resolve(type + ".java"), template("DataChange.java.txt", id, type))
                .create(test.resolve(type + "Test.java"), template("DataChangeTest.java.txt", id, type))
                .change(changelog.master(), changelog.withIncludes(List.of(id, verifyId)));
        Path moduleInfo = root.resolve("src/main/java/module-info.java");
        String opened = openedToLiquibase(moduleInfo);
        if (opened != null) {
            writes.change(moduleInfo, opened);
        }
        FileWrites.Written written = writes.write();
        if (written.refused()) {
            return written;
        }
        // Said in the order a person reads them: the two changesets, then the rest (the master is not listed).
        List<Path> files = new ArrayList<>(written.files());
        files.remove(root.relativize(changelog.master()));
        return new FileWrites.Written(files, List.of());
    }

    private String template(String resource, String id, String type) throws IOException {
        try (var in = DataChangeScaffold.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("template " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{ID}}", id).replace("{{CLASS}}", type).replace("{{PACKAGE}}", PACKAGE)
                    .replace("{{AUTHOR}}", author).replace("{{LABEL}}", Release.label())
                    .replace("{{RELEASE}}", Release.current());
        }
    }

    /**
     * On the module path Liquibase can create a custom change only in a package the module opens to it
     * (README: Code layout, the front door): the first data change adds the package's {@code opens} to
     * module-info.java, before the line that marks where the catalogue's packages end. Returns the file's new
     * text; null for a tree without module-info.java (or one already opening the package), which is left alone.
     */
    static String openedToLiquibase(Path moduleInfo) throws IOException {
        if (!Files.exists(moduleInfo)) {
            return null;
        }
        String text = Files.readString(moduleInfo);
        if (text.contains("opens " + PACKAGE + " ")) {
            return null;
        }
        int marker = text.indexOf(CATALOGUE_END);
        if (marker < 0) {
            throw new IOException(moduleInfo + " has no line '" + CATALOGUE_END.strip() + "': add 'opens " + PACKAGE
                    + " to liquibase.core, com.fasterxml.jackson.databind;' to it by hand");
        }
        int lineStart = text.lastIndexOf('\n', marker) + 1;
        return text.substring(0, lineStart) + "    opens " + PACKAGE
                + " to liquibase.core, com.fasterxml.jackson.databind;\n" + text.substring(lineStart);
    }

    /** {@code normalise-payment-methods} → {@code NormalisePaymentMethods}. */
    static String className(String name) {
        String type = Arrays.stream(name.split("-")).map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(Collectors.joining());
        return Character.isDigit(type.charAt(0)) ? "Change" + type : type;
    }
}
