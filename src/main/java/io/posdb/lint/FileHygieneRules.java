package io.posdb.lint;

import io.posdb.failure.ChangelogException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The changelog as a whole: every file under {@code changes/} included exactly once, in
 * number order; no two files share a number (two branches that both added 0012 are named,
 * both files); each file's {@code logicalFilePath} is its path.
 */
final class FileHygieneRules {

    private static final Pattern NUMBER = Pattern.compile("^(\\d+)-");

    void check(Changelog changelog, List<Finding> findings) throws ChangelogException {
        String master = changelog.master().name();
        List<Path> onDisk = changelog.filesUnderChanges();
        for (Path file : onDisk) {
            List<Changelog.Include> includes = changelog.includes().stream()
                    .filter(include -> include.resolved().equals(file.toAbsolutePath().normalize())).toList();
            if (includes.isEmpty()) {
                findings.add(new Finding(changelog.name(file), 1, Rule.FILE_NOT_INCLUDED,
                        changelog.name(file) + " is not included in " + master));
            }
            includes.stream().skip(1).forEach(twice -> findings.add(new Finding(master, twice.line(),
                    Rule.FILE_INCLUDED_TWICE, changelog.name(file) + " is included again (first at line "
                            + includes.get(0).line() + ")")));
        }
        checkOrder(changelog, findings);
        checkNumbers(changelog, onDisk, findings);
        for (ChangelogFile file : changelog.files()) {
            if (!file.name().equals(file.logicalFilePath())) {
                findings.add(new Finding(file.name(), 1, Rule.LOGICAL_FILE_PATH, file.name() + " declares logicalFilePath "
                        + file.logicalFilePath() + ", not its own path"));
            }
        }
    }

    private static void checkOrder(Changelog changelog, List<Finding> findings) {
        int previous = -1;
        for (Changelog.Include include : changelog.includes()) {
            int number = number(include.resolved());
            if (number < 0) {
                continue;
            }
            if (number < previous) {
                findings.add(new Finding(changelog.master().name(), include.line(), Rule.INCLUDE_ORDER,
                        include.target() + " is included after a file with a higher number"));
            }
            previous = Math.max(previous, number);
        }
    }

    private static void checkNumbers(Changelog changelog, List<Path> onDisk, List<Finding> findings) {
        Map<Integer, List<Path>> byNumber = onDisk.stream().filter(file -> number(file) >= 0)
                .collect(Collectors.groupingBy(FileHygieneRules::number, LinkedHashMap::new, Collectors.toList()));
        for (List<Path> files : byNumber.values()) {
            if (files.size() > 1) {
                List<String> names = files.stream().map(changelog::name).toList();
                for (String name : names) {
                    findings.add(new Finding(name, 1, Rule.DUPLICATE_NUMBER,
                            "files share a number: " + String.join(" and ", names)));
                }
            }
        }
    }

    private static int number(Path file) {
        Matcher m = NUMBER.matcher(file.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
