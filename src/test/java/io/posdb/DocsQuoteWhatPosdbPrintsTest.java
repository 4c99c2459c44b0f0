package io.posdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.cli.PosdbCommand;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * The docs (README.md, docs/*.md) quote only what posdb prints (issue 22 §6). The convention, which
 * docs/writing-migrations.md ("Quoting posdb in the docs") states for authors: posdb's output is quoted in
 * fenced blocks tagged {@code console}, one printed line per line (a log line as its message), runtime
 * values written as examples or as {@code <name>}, {@code …} or {@code ...}. Each such line must be a
 * message in the code: the string literals of one statement of src/main/java (or the example
 * application's) in order, with the values the code adds between them. The failure block and a refused
 * option are also compared with a real in-process run. And the README stays a front page whose links,
 * like the guides', all lead somewhere.
 */
@ExtendWith(QuietLogs.class)
class DocsQuoteWhatPosdbPrintsTest {

    /** The changeset that fails in docs/running-tills.md, "When a command fails". */
    private static final String FAILING = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/0099-add-loyalty.yaml
              - changeSet:
                  id: 0099-add-loyalty
                  author: posdb
                  changes:
                    - sql:
                        sql: INSERT INTO loyalty_points (user_id) VALUES (1)
            """;

    private static final List<Path> SOURCE_ROOTS = List.of(Path.of("src/main/java"),
            Path.of("examples/till-app/src/main/java"));
    private static final Pattern FENCE = Pattern.compile("^( *)```(\\S*)\\s*$");
    /** A placeholder for a runtime value: {@code <name>}, {@code …} or {@code ...}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>]+>|…|\\.\\.\\.");
    /** The prefix logback.xml puts before a log line's message, if a doc quotes it whole. */
    private static final Pattern LOG_PREFIX =
            Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) +\\S+ - ");
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");
    private static final Pattern PHRASE = Pattern.compile("\\p{L}+ +\\p{L}+");

    @TempDir
    Path dir;

    @Test
    void everyLineTheDocsQuoteAsPosdbsOutputIsAMessageInTheCode() throws Exception {
        Messages messages = Messages.in(SOURCE_ROOTS);
        List<String> printed = new ArrayList<>();
        for (JournalMode mode : JournalMode.values()) {
            printed.addAll(failedBoot(mode).stderr);
        }
        printed.addAll(refusedKeepSnapshots().stderr);

        List<String> unknown = new ArrayList<>();
        int quoted = 0;
        for (Path doc : docs()) {
            for (String line : consoleLines(doc)) {
                quoted++;
                Pattern documented = wildcard(line);
                boolean printedByARun = printed.stream().anyMatch(p -> documented.matcher(p).matches());
                if (!printedByARun && !messages.matches(line)) {
                    unknown.add(doc + ": " + line);
                }
            }
        }
        assertThat(quoted).as("console lines found in the docs").isPositive();
        assertThat(unknown).as("quoted as posdb's output, but no message in the code reads so").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theFailureBlockInRunningTillsIsWhatAFailedBootPrints(JournalMode mode) throws Exception {
        List<String> documented = consoleBlockStartingWith(Path.of("docs/running-tills.md"), "posdb boot: changeset ");
        Run run = failedBoot(mode);

        assertThat(run.exitCode).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        List<String> block = run.stderr.stream().dropWhile(l -> !l.startsWith("posdb boot: ")).toList();
        assertThat(block).hasSameSizeAs(documented);
        for (int i = 0; i < block.size(); i++) {
            assertThat(block.get(i)).as("line %d of the documented block", i + 1).matches(wildcard(documented.get(i)));
        }
    }

    @Test
    void theRefusedKeepSnapshotsValueReadsAsDocumentedAndExitsTwo() throws Exception {
        List<String> documented = consoleBlockStartingWith(Path.of("docs/running-tills.md"), "--keep-snapshots: ");
        Run run = refusedKeepSnapshots();

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr).as("stderr, whole").hasSameSizeAs(documented);
        for (int i = 0; i < documented.size(); i++) {
            assertThat(run.stderr.get(i)).as("line %d of the documented block", i + 1)
                    .matches(wildcard(documented.get(i)));
        }
    }

    @Test
    void theReadmeIsAFrontPage() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));

        assertThat(lines).as("README.md lines").hasSizeLessThanOrEqualTo(220);
        assertThat(lines).as("README.md lines over 120 characters").filteredOn(l -> l.length() > 120).isEmpty();
    }

    @Test
    void everyFencedBlockOfTheDocsNamesItsLanguage() throws IOException {
        List<String> untagged = new ArrayList<>();
        for (Path doc : docs()) {
            for (Block block : blocks(doc)) {
                if (block.language.isEmpty()) {
                    untagged.add(doc + ":" + block.line);
                }
            }
        }
        assertThat(untagged).as("fenced blocks without a language (console, text, bash, …)").isEmpty();
    }

    @Test
    void everyRelativeLinkOfTheDocsLeadsToAFileAndItsHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path doc : docs()) {
            for (String target : relativeLinks(doc)) {
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(doc + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        assertThat(links).as("relative links found").isPositive();
        assertThat(broken).isEmpty();
    }

    // ---- real runs -------------------------------------------------------------------------------------

    private record Run(int exitCode, List<String> stderr) {
    }

    private Run failedBoot(JournalMode mode) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("failed-boot-" + mode));
        Path file = WalFiles.shop(folder.resolve("pos.db"), mode);
        Path changelog = Changelogs.withExtraChangeSet(folder.resolve("changelog"), "0099-add-loyalty.yaml", FAILING);
        return posdb("boot", "--db", file.toString(), "--changelog", changelog.toString());
    }

    private Run refusedKeepSnapshots() {
        return posdb("boot", "--db", dir.resolve("never-created.db").toString(), "--keep-snapshots", "0");
    }

    private static Run posdb(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, err.toString().lines().toList());
    }

    // ---- the docs --------------------------------------------------------------------------------------

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private record Block(int line, String language, List<String> lines) {
    }

    /** The fenced blocks of a Markdown file, their lines without the fence's own indentation. */
    private static List<Block> blocks(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            List<String> content = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !FENCE.matcher(lines.get(j)).matches()) {
                String line = lines.get(j);
                content.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line);
                j++;
            }
            blocks.add(new Block(i + 1, open.group(2), content));
            i = j;
        }
        return blocks;
    }

    private static List<String> consoleLines(Path doc) throws IOException {
        return blocks(doc).stream().filter(b -> b.language.equals("console")).flatMap(b -> b.lines.stream())
                .map(String::stripTrailing).filter(l -> !l.isBlank() && !l.startsWith("$ "))
                .map(l -> LOG_PREFIX.matcher(l).replaceFirst("")).toList();
    }

    private static List<String> consoleBlockStartingWith(Path doc, String start) throws IOException {
        return blocks(doc).stream().filter(b -> b.language.equals("console"))
                .map(b -> b.lines.stream().map(String::stripTrailing).toList())
                .filter(l -> !l.isEmpty() && l.get(0).startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError(doc + " has no console block starting with " + start));
    }

    /** A documented line as a pattern: its placeholders match any text, the rest itself. */
    private static Pattern wildcard(String documented) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(documented);
        int at = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(documented.substring(at, placeholder.start()))).append(".*?");
            at = placeholder.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(documented.substring(at))).toString());
    }

    /** Links to files of this repository (not web addresses), outside code spans and fenced blocks. */
    private static List<String> relativeLinks(Path doc) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(doc)) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("(`+)[^`]*?\\1", ""));
            while (link.find()) {
                String target = link.group(2);
                if (!target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a Markdown file's headings. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!file.toString().endsWith(".md")) {
            return anchors;
        }
        boolean fenced = false;
        for (String line : Files.readAllLines(file)) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    // ---- the messages of the code ----------------------------------------------------------------------

    /**
     * The string literals of the code, statement by statement, each split where the code inserts a value
     * (a {@code {}} or {@code %s} placeholder, or an expression between two literals).
     */
    private static final class Messages {

        private final List<List<String>> statements;
        /** Per statement, the pieces that say something (4 characters or more, a word among them). */
        private final List<List<String>> saying;
        private final Set<String> literals = new HashSet<>();
        private final Map<String, Boolean> known = new HashMap<>();

        private Messages(List<List<String>> statements) {
            this.statements = statements;
            this.saying = statements.stream().map(s -> s.stream()
                    .filter(p -> p.length() >= 4 && WORD.matcher(p).find()).toList()).toList();
            statements.forEach(s -> s.forEach(p -> literals.add(p.strip())));
        }

        static Messages in(List<Path> roots) throws IOException {
            List<List<String>> statements = new ArrayList<>();
            for (Path root : roots) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        statements.addAll(JavaLiterals.statements(Files.readString(file)));
                    }
                }
            }
            return new Messages(statements);
        }

        /**
         * Whether {@code text} reads as one statement's literals in order, with values between them where
         * the code inserts one. A value may be a message of its own ({@code "posdb " + command + ": " +
         * reason}); text before the first literal or after the last only where the code puts a value there,
         * so that fragments of unrelated messages are not glued together.
         */
        boolean matches(String text) {
            Boolean cached = known.get(text);
            if (cached != null) {
                return cached;
            }
            known.put(text, false); // a value never explains itself
            boolean found = false;
            for (int s = 0; s < statements.size(); s++) {
                List<String> pieces = statements.get(s);
                if (saying.get(s).stream().anyMatch(text::contains) && new Segmentation(text, pieces).from(0, 0, 0)) {
                    found = true;
                    break;
                }
            }
            known.put(text, found);
            return found;
        }

        private enum Value { NONE, TOKEN, MESSAGE }

        /**
         * One way of reading {@code text} as {@code pieces} in order, some skipped, with values between;
         * an empty piece stands for a value the code puts before its first literal or after its last.
         */
        private final class Segmentation {
            private final String text;
            private final List<String> pieces;
            private final Map<String, Boolean> tried = new HashMap<>();

            Segmentation(String text, List<String> pieces) {
                this.text = text;
                this.pieces = pieces;
            }

            /**
             * From {@code at}, with the pieces from {@code piece} on. {@code said}: how much the literals
             * already read say, in words up to 2 (a phrase, a word the text starts with, or a message as a
             * value count as 2): a message is read only when they say something, not when a separator or
             * a lone word that any message might contain is all that matched.
             */
            boolean from(int at, int piece, int said) {
                String key = at + ":" + piece + ":" + said;
                Boolean done = tried.get(key);
                if (done != null) {
                    return done;
                }
                tried.put(key, false);
                boolean result = at == text.length() ? said == 2 : endsWith(value(at, text.length()), piece, said == 2);
                for (int k = piece; k < pieces.size() && !result; k++) {
                    String p = pieces.get(k);
                    if (p.isEmpty()) {
                        continue;
                    }
                    for (int q = text.indexOf(p, at); q >= 0 && !result; q = text.indexOf(p, q + 1)) {
                        Value before = q == at ? Value.TOKEN : value(at, q);
                        if (at == 0 && before != Value.TOKEN) {
                            // Before the first literal read: a message only where the code puts a value first
                            // ("" as its first piece), a token where skipped literals were (a ternary's other side).
                            before = k == 1 && pieces.get(0).isEmpty() ? before : Value.NONE;
                        }
                        if (at == 0 && q > 0 && k == 0) {
                            before = Value.NONE; // nothing of the code comes before its first literal
                        }
                        int words = PHRASE.matcher(p).find() || (q == 0 && WORD.matcher(p).find())
                                || before == Value.MESSAGE ? 2 : (int) WORD.matcher(p).results().count();
                        result = before != Value.NONE && from(q + p.length(), k + 1, Math.min(2, said + words));
                    }
                }
                tried.put(key, result);
                return result;
            }

            /**
             * Whether the rest of the text, {@code rest}, can end the reading after the pieces before
             * {@code piece}: a message only where the code adds a value after its last literal ("" as its
             * last piece), a token where literals are left unread.
             */
            private boolean endsWith(Value rest, int piece, boolean said) {
                boolean valueLast = piece == pieces.size() - 1 && pieces.get(piece).isEmpty();
                return switch (rest) {
                    case NONE -> false;
                    case TOKEN -> said && piece < pieces.size();
                    case MESSAGE -> valueLast;
                };
            }

            /**
             * What text[from, to) can be as a value the code inserts: nothing, a placeholder, one token
             * (placeholders aside), something quoted or bracketed, a literal of the code ({@code TOKEN});
             * a message of its own ({@code MESSAGE}); or none of these.
             */
            private Value value(int from, int to) {
                String value = text.substring(from, to);
                if (!PLACEHOLDER.matcher(value).replaceAll("").strip().contains(" ") || literals.contains(value.strip())) {
                    return Value.TOKEN;
                }
                if (from > 0 && to < text.length() && encloses(text.charAt(from - 1), text.charAt(to))) {
                    return Value.TOKEN;
                }
                if (value.length() >= 2 && encloses(value.charAt(0), value.charAt(value.length() - 1))) {
                    return Value.TOKEN;
                }
                return Messages.this.matches(value) ? Value.MESSAGE : Value.NONE;
            }

            private static boolean encloses(char open, char close) {
                return (open == '\'' && close == '\'') || (open == '"' && close == '"') || (open == '`' && close == '`')
                        || (open == '(' && close == ')') || (open == '[' && close == ']');
            }
        }
    }

    /** Java source read just far enough to find its string literals and the statements they belong to. */
    private static final class JavaLiterals {

        private static final Pattern INSERTED = Pattern.compile("\\{}|%[-#+ 0,(]*\\d*(?:\\.\\d+)?[a-zA-Z]|\n");

        private JavaLiterals() {
        }

        static List<List<String>> statements(String source) {
            List<List<String>> statements = new ArrayList<>();
            List<String> current = new ArrayList<>();
            StringBuilder literal = null; // the literal being joined by '+' with the next one, if any
            boolean onlyPlusSince = false;
            boolean plusAfterLiteral = false; // the last literal is followed by "+ value"
            char lastSignificant = ';';
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (source.startsWith("//", i)) {
                    i = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
                } else if (source.startsWith("/*", i)) {
                    i = source.indexOf("*/", i + 2) < 0 ? source.length() : source.indexOf("*/", i + 2) + 2;
                } else if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    end = end < 0 ? source.length() : end;
                    String block = source.substring(i + 3, end).lines().map(String::strip)
                            .reduce((a, b) -> a + "\n" + b).orElse("");
                    startsAfterValue(current, literal, lastSignificant);
                    literal = join(current, literal, onlyPlusSince, unescape(block));
                    onlyPlusSince = true;
                    plusAfterLiteral = false;
                    lastSignificant = '"';
                    i = end + 3;
                } else if (c == '"') {
                    int end = i + 1;
                    while (end < source.length() && source.charAt(end) != '"') {
                        end += source.charAt(end) == '\\' ? 2 : 1;
                    }
                    startsAfterValue(current, literal, lastSignificant);
                    literal = join(current, literal, onlyPlusSince, unescape(source.substring(i + 1, end)));
                    onlyPlusSince = true;
                    plusAfterLiteral = false;
                    lastSignificant = '"';
                    i = end + 1;
                } else if (c == '\'') {
                    int end = i + 1;
                    while (end < source.length() && source.charAt(end) != '\'') {
                        end += source.charAt(end) == '\\' ? 2 : 1;
                    }
                    onlyPlusSince = false;
                    lastSignificant = '\'';
                    i = end + 1;
                } else if (c == ';' || c == '{' || c == '}') {
                    flush(current, literal);
                    literal = null;
                    if (plusAfterLiteral && !current.isEmpty()) {
                        current.add(""); // "..." + value: the code adds text after its last literal
                    }
                    plusAfterLiteral = false;
                    lastSignificant = c;
                    if (!current.isEmpty()) {
                        statements.add(List.copyOf(current));
                        current.clear();
                    }
                    onlyPlusSince = false;
                    i++;
                } else {
                    if (c == '+' && onlyPlusSince) {
                        plusAfterLiteral = true;
                    } else if (!Character.isWhitespace(c) && c != '+') {
                        onlyPlusSince = false;
                    }
                    if (!Character.isWhitespace(c)) {
                        lastSignificant = c;
                    }
                    i++;
                }
            }
            flush(current, literal);
            if (!current.isEmpty()) {
                statements.add(List.copyOf(current));
            }
            return statements;
        }

        /** value + "...": the statement's first literal follows a value the code puts before it. */
        private static void startsAfterValue(List<String> current, StringBuilder pending, char lastSignificant) {
            if (current.isEmpty() && pending == null && lastSignificant == '+') {
                current.add("");
            }
        }

        /** Adds a literal: joined to the previous one when only '+' stood between them ("a" + "b"). */
        private static StringBuilder join(List<String> current, StringBuilder previous, boolean onlyPlus, String next) {
            if (previous != null && onlyPlus) {
                return previous.append(next);
            }
            flush(current, previous);
            return new StringBuilder(next);
        }

        /** A finished literal, cut where the code inserts a value or starts a new line. */
        private static void flush(List<String> current, StringBuilder literal) {
            if (literal != null) {
                current.addAll(List.of(INSERTED.split(literal.toString(), -1)));
            }
        }

        private static String unescape(String text) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\' || i + 1 == text.length()) {
                    out.append(c);
                    continue;
                }
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 's' -> out.append(' ');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(next);
                }
            }
            return out.toString();
        }
    }
}
