package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootFailure;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.PosDatabaseException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The exit codes a support person looks up (README's table, {@code posdb --help}) are the codes
 * posdb exits with: the failure kinds' ({@link BootFailure}) and the command line's own (0, 2, 3).
 */
class ExitCodeTableTest {

    private static final Pattern README_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|");
    private static final Pattern HELP_ROW = Pattern.compile("^  (\\d+)\\s+(.*)$");

    /** The codes of the README's table under "### Exit codes", in their order. */
    private static List<Integer> readmeCodes() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int heading = lines.indexOf("### Exit codes");
        assertThat(heading).as("README.md has a section \"### Exit codes\"").isNotNegative();
        List<Integer> codes = new ArrayList<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = README_ROW.matcher(line);
            if (row.find()) {
                codes.add(Integer.parseInt(row.group(1)));
            }
        }
        return codes;
    }

    /** The code column of {@code posdb --help}'s exit-code list, each with its meaning on one line. */
    private static List<String[]> helpRows() {
        StringWriter out = new StringWriter();
        CommandLine posdb = PosdbCommand.newCommandLine();
        posdb.setOut(new PrintWriter(out));
        assertThat(posdb.execute("--help")).isZero();
        List<String> lines = out.toString().lines().dropWhile(l -> !l.equals("Exit codes:")).skip(1).toList();
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            Matcher row = HELP_ROW.matcher(line);
            if (row.matches()) {
                rows.add(new String[] {row.group(1), row.group(2).strip()});
            } else if (!rows.isEmpty() && !line.isBlank()) {
                String[] last = rows.get(rows.size() - 1);
                last[1] = last[1] + " " + line.strip(); // picocli wraps a long meaning onto indented lines
            }
        }
        return rows;
    }

    private static Set<Integer> everyCode() {
        Set<Integer> codes = Arrays.stream(BootFailure.values()).map(BootFailure::exitCode)
                .collect(Collectors.toCollection(TreeSet::new));
        codes.addAll(List.of(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.PENDING));
        return codes;
    }

    @Test
    void theReadmesExitCodeTableListsEachCodeOfTheFailureKindsAndTheCommandLineOnceInOrder() throws Exception {
        assertThat(readmeCodes()).containsExactlyElementsOf(everyCode());
    }

    @Test
    void helpListsEachCodeOnceInOrderWithTheMeaningOfEveryFailureKindThatExitsWithIt() {
        List<String[]> help = helpRows();

        assertThat(help).extracting(row -> Integer.parseInt(row[0])).containsExactlyElementsOf(everyCode());
        for (BootFailure kind : BootFailure.values()) {
            assertThat(help).as("--help's line for %s", kind)
                    .filteredOn(row -> row[0].equals(String.valueOf(kind.exitCode()))).singleElement()
                    .satisfies(row -> assertThat(row[1].replaceAll("\\s+", " ")).contains(kind.meaning()));
        }
    }

    @Test
    void everyFailureKindExitsWithItsCodeThroughPicoclisMapperEvenWhenWrapped() {
        CommandLine.IExitCodeExceptionMapper mapper = PosdbCommand.newCommandLine().getExitCodeExceptionMapper();

        for (BootFailure kind : BootFailure.values()) {
            PosDatabaseException failure = new PosDatabaseException(kind, "refused");
            assertThat(mapper.getExitCode(failure)).as(kind.name()).isEqualTo(kind.exitCode());
            assertThat(mapper.getExitCode(new IllegalStateException("wrapped", failure))).as(kind.name())
                    .isEqualTo(kind.exitCode());
        }
        assertThat(mapper.getExitCode(new ChangelogException("changelog/x.yaml does not exist")))
                .isEqualTo(BootFailure.BAD_CHANGELOG.exitCode());
        assertThat(mapper.getExitCode(new IllegalStateException("untyped"))).isEqualTo(1);
        assertThat(mapper.getExitCode(new CommandLine.ParameterException(PosdbCommand.newCommandLine(), "bad")))
                .isEqualTo(ExitCodes.USAGE);
    }
}
