package io.posdb.lint;

import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One YAML file of the changelog: its path as findings name it ({@code changelog/...},
 * the same form as {@code logicalFilePath}), its lines (for comments) and its node tree.
 */
record ChangelogFile(Path path, String name, List<String> lines, YamlNode root) {

    static ChangelogFile read(Path path, String name) throws ChangelogException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChangelogException("Changelog file " + path + " cannot be read: " + FailureReason.of(e), e);
        }
        try {
            YamlNode root = new YamlNode(new Yaml(new SafeConstructor(new LoaderOptions()))
                    .compose(new StringReader(text)));
            return new ChangelogFile(path, name, text.lines().toList(), root);
        } catch (YAMLException e) {
            throw new ChangelogException("Changelog file " + name + " is not valid YAML: " + FailureReason.of(e), e);
        }
    }

    /** The items of {@code databaseChangeLog:}. */
    List<YamlNode> entries() {
        return root.get("databaseChangeLog").items();
    }

    /** The file's declared logicalFilePath, or null. */
    String logicalFilePath() {
        return entries().stream().map(entry -> entry.text("logicalFilePath"))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The file name without {@code .yaml}: what changeset ids are named after. */
    String stem() {
        return path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }
}
