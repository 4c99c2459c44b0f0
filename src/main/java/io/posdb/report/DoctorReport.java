package io.posdb.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.posdb.failure.BootFailure;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code posdb doctor} found on one database: every check in the order it ran (the file first,
 * then locks, history, schema, data, snapshots), each with its verdict, one line of evidence and the
 * exact command to run next. It holds no row values: ids, counts, names of schema objects and of
 * files only, so it can go into a support bundle as it is.
 */
public record DoctorReport(String database, String engine, List<Check> checks) {

    /** How a check came out: OK, a warning (printed, never fatal), or a failure with its documented kind. */
    public enum Verdict {
        OK, WARN, FAIL
    }

    /**
     * One check. {@code failure} is set on a FAIL only: the documented kind (and exit code) the
     * same problem gets from boot. {@code next} is a command to type, or what to do when no command
     * does it (empty when there is nothing to do). {@code differences} is set on the checks that compare the
     * schema only ({@code drift}: what is missing or changed; {@code unowned objects}: what is not in the
     * changelog), each as {@code posdb drift --json} gives it, so a program reads the doctor's drift as it reads
     * drift's; the evidence names them in words. Null (and left out of the JSON) on every other check and when
     * the schema was not compared: an empty list would say it was, and nothing differed.
     */
    public record Check(String name, Verdict verdict, String evidence, String next, BootFailure failure,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<DriftDifference> differences) {

        public Check {
            differences = differences == null ? null : List.copyOf(differences);
        }

        public static Check ok(String name, String evidence, String next) {
            return new Check(name, Verdict.OK, evidence, next, null, null);
        }

        public static Check warn(String name, String evidence, String next) {
            return new Check(name, Verdict.WARN, evidence, next, null, null);
        }

        public static Check fail(String name, BootFailure failure, String evidence, String next) {
            return new Check(name, Verdict.FAIL, evidence, next, failure, null);
        }

        /** This check with the schema's {@code differences} it judged, which its evidence names in words. */
        public Check withDifferences(List<DriftDifference> differences) {
            return new Check(name, verdict, evidence, next, failure, differences);
        }
    }

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    /** The worst verdict: FAIL if any check failed, else WARN if any warned, else OK. */
    public Verdict verdict() {
        return checks.stream().map(Check::verdict).max(Enum::compareTo).orElse(Verdict.OK);
    }

    /**
     * 0 when nothing failed; otherwise the exit code of the first failed check. Checks run from
     * the most basic up (a file SQLite cannot read fails every later check too), so the first
     * failure is the cause to fix first, and its code is the one boot would exit with.
     */
    public int exitCode() {
        return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).findFirst()
                .map(c -> c.failure().exitCode()).orElse(0);
    }

    /** The report as a person reads it: one line per check, its evidence, and the next command under it. */
    public String text() {
        String line = System.lineSeparator();
        return checks.stream().map(check -> line + "  " + check.verdict() + " " + check.name() + ": " + check.evidence()
                        + (check.next().isEmpty() ? "" : line + "       next: " + check.next()))
                .collect(Collectors.joining("", "posdb doctor on " + database + " (" + engine + "): " + verdict(), ""));
    }
}
