package io.posdb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance benchmark of issue #6, run by {@code scripts/bench.sh} from the
 * repository root. Every measurement is a whole process; the two sides of each ratio
 * alternate, run after run, and the table shows medians. Prints a Markdown report. The
 * PostgreSQL start-up ratio ({@link PostgresStartup}) runs when the tests' server is configured;
 * {@code --only postgresql} runs that side alone, {@code --only startup} SQLite's up-to-date
 * start-up sides alone (boot, validate, naive: minutes, not the hour the large files take), and
 * {@code --only doctor} the doctor against {@code quick_check} on the upgraded large file alone.
 * <p>Usage: {@code Benchmark [--runs N] [--big USERS] [--small USERS] [--upgrade-users USERS]
 * [--only postgresql|startup|doctor] [--out FILE]}
 */
public final class Benchmark {

    private static final Pattern REMAP_MS = Pattern.compile("remap_ms=(\\d+)");
    private static final String UPGRADE = "full legacy upgrade (boot), ";
    private static final String UPGRADE_FLOOR = "the same SQL in the sqlite3 shell, ";
    private static final Pattern PEAK_KB = Pattern.compile("POSDB_PEAK_KB=(\\d+)");

    record Sample(double seconds, long peakKb, long remapMillis, String stdout) {
    }

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private final int runs;
    private final String classpath = System.getProperty("java.class.path");
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final boolean timeAvailable = Files.isExecutable(Path.of("/usr/bin/time"));

    private final int upgradeUsers;
    /** What {@link ProgressCheck} found in the large upgrade's --progress json; null until checked. */
    private String progress;
    /** quick_check seconds, doctor seconds, file bytes; null until measured. */
    private double[] doctorVsQuickCheck;
    /** {@code postgresql}, {@code startup} or {@code doctor}: that side alone; null: every side. */
    private final String only;

    private Benchmark(Path work, int runs, int upgradeUsers, String only) {
        this.work = work;
        this.runs = runs;
        this.upgradeUsers = upgradeUsers;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int runs = Integer.parseInt(options.getOrDefault("--runs", "5"));
        int big = Integer.parseInt(options.getOrDefault("--big", "1000000"));
        int small = Integer.parseInt(options.getOrDefault("--small", "100000"));
        int upgradeUsers = Integer.parseInt(options.getOrDefault("--upgrade-users", "1000000"));
        Path work = Files.createTempDirectory("posdb-bench-");
        try {
            String only = options.get("--only");
            if (only != null && !List.of("postgresql", "startup", "doctor").contains(only)) {
                throw new IllegalArgumentException("--only " + only + ": expected postgresql, startup or doctor");
            }
            String report = new Benchmark(work, runs, upgradeUsers, only).run(big, small);
            System.out.println(report);
            if (options.containsKey("--out")) {
                Files.writeString(Path.of(options.get("--out")), report, StandardCharsets.UTF_8);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private String run(int bigUsers, int smallUsers) throws Exception {
        if ("doctor".equals(only)) {
            Path upgraded = UpgradeSides.prepare(work, upgradeUsers).freshCopy();
            check(process(UpgradeSides.boot(upgraded), root, null, Map.of()));
            doctorVsQuickCheck = doctorVsQuickCheck(upgraded);
            return report(Map.of(), Map.of(), Map.of(), bigUsers, smallUsers);
        }
        Map<String, List<Sample>> postgres = "startup".equals(only) ? Map.of()
                : PostgresStartup.measure(runs, (command, environment) -> process(command, root, null, environment));
        if ("postgresql".equals(only)) {
            return report(Map.of(), Map.of(), postgres, bigUsers, smallUsers);
        }
        Path upToDate = work.resolve("small-up-to-date.db");
        LegacyDatabaseGenerator.generate(upToDate, 1000, 1000);
        check(process(List.of(javaBin, "-jar", "target/posdb.jar", "update", "--db", upToDate.toString())));

        List<String> boot = List.of("bin/posdb", "boot", "--db", upToDate.toString());
        List<String> validate = List.of("bin/posdb", "validate", "--db", upToDate.toString());
        List<String> naive = List.of(javaBin, "-Dliquibase.analytics.enabled=false", "-cp", classpath,
                NaiveStack.class.getName(), upToDate.toString());
        List<String> bootNoCds = List.of(javaBin, "-jar", "target/posdb.jar", "boot", "--db", upToDate.toString());
        List<String> bootParsed = List.of("bin/posdb", "boot", "--db", upToDate.toString(),
                "--changelog", "changelog/db.changelog-master.yaml");
        Map<String, List<Sample>> startup = alternate(Map.of("boot", boot, "validate", validate, "naive", naive,
                "boot without CDS", bootNoCds, "boot parsing the changelog", bootParsed));
        if ("startup".equals(only)) {
            return report(startup, Map.of(), postgres, bigUsers, smallUsers);
        }

        Path bigDb = prepare("big", bigUsers);
        Path smallDb = prepare("small", smallUsers);
        Map<String, List<Sample>> remap = new LinkedHashMap<>();
        UpgradeSides upgrade = UpgradeSides.prepare(work, upgradeUsers);
        for (int run = 0; run < runs; run++) {
            Path copy = upgrade.freshCopy();
            remap.computeIfAbsent(UPGRADE + upgradeUsers, k -> new ArrayList<>())
                    .add(process(UpgradeSides.boot(copy), root, null, Map.of()));
            copy = upgrade.freshCopy();
            remap.computeIfAbsent(UPGRADE_FLOOR + upgradeUsers, k -> new ArrayList<>())
                    .add(process(UpgradeSides.floor(copy), upgrade.runDir(), root.resolve(UpgradeSides.FLOOR_SCRIPT),
                            Map.of()));
            remap.computeIfAbsent("remap " + bigUsers, k -> new ArrayList<>()).add(remapRun(RemapOnly.class, bigDb));
            remap.computeIfAbsent("floor " + bigUsers, k -> new ArrayList<>()).add(remapRun(RemapFloor.class, bigDb));
            remap.computeIfAbsent("remap " + smallUsers, k -> new ArrayList<>()).add(remapRun(RemapOnly.class, smallDb));
            remap.computeIfAbsent("rollback " + bigUsers, k -> new ArrayList<>())
                    .add(remapRun(RemapRollbackOnly.class, bigDb));
            remap.computeIfAbsent("rollback " + smallUsers, k -> new ArrayList<>())
                    .add(remapRun(RemapRollbackOnly.class, smallDb));
        }
        Path upgraded = upgrade.freshCopy();
        // Issue 22: the same upgrade with --progress json; ProgressCheck throws (the bench fails) unless the
        // remap's progress is monotonic with an estimate.
        progress = ProgressCheck.verify(process(ProgressCheck.command(upgraded), root, null, Map.of()).stdout());
        doctorVsQuickCheck = doctorVsQuickCheck(upgraded);
        return report(startup, remap, postgres, bigUsers, smallUsers);
    }

    /** Issue 22: {@code posdb doctor} on the upgraded large file ÷ {@code PRAGMA quick_check} alone, in one JVM. */
    private double[] doctorVsQuickCheck(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(javaBin, "-cp", classpath, DoctorVsQuickCheck.class.getName(),
                file.toString(), String.valueOf(runs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("DoctorVsQuickCheck failed: " + out);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("quick_check=([\\d.]+) doctor=([\\d.]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("DoctorVsQuickCheck printed: " + out);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Files.size(file)};
    }

    private Path prepare(String name, int users) throws Exception {
        Path file = work.resolve(name + "-prepared.db");
        check(process(List.of(javaBin, "-cp", classpath, PrepareRemapDatabase.class.getName(), file.toString(),
                String.valueOf(users), String.valueOf(users / 10))));
        return file;
    }

    private Sample remapRun(Class<?> side, Path prepared) throws Exception {
        Path copy = work.resolve("remap-run.db");
        Files.copy(prepared, copy, StandardCopyOption.REPLACE_EXISTING);
        return check(process(List.of(javaBin, "-Xmx256m", "-cp", classpath, side.getName(), copy.toString())));
    }

    private Map<String, List<Sample>> alternate(Map<String, List<String>> commands) throws Exception {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(List.of("boot", "validate", "naive", "boot without CDS",
                "boot parsing the changelog"));
        for (int run = 0; run < runs; run++) {
            for (String name : order) {
                samples.computeIfAbsent(name, k -> new ArrayList<>()).add(check(process(commands.get(name))));
            }
            java.util.Collections.rotate(order, 1); // no side always runs first
        }
        return samples;
    }

    private Sample process(List<String> command) throws IOException, InterruptedException {
        return process(command, root, null, Map.of());
    }

    /**
     * Runs {@code command} in {@code directory}, its standard input from {@code input} when given,
     * with {@code environment} added to this process's.
     */
    private Sample process(List<String> command, Path directory, Path input, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (timeAvailable) {
            full.addAll(List.of("/usr/bin/time", "-f", "POSDB_PEAK_KB=%M"));
        }
        full.addAll(command);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + stderr);
        }
        return new Sample(seconds, find(PEAK_KB, stderr), find(REMAP_MS, stdout), stdout);
    }

    private static Sample check(Sample sample) {
        return sample;
    }

    private static long find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        long value = -1;
        while (matcher.find()) {
            value = Long.parseLong(matcher.group(1));
        }
        return value;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double seconds(List<Sample> samples) {
        return median(samples.stream().map(Sample::seconds).toList());
    }

    private static double remapSeconds(List<Sample> samples) {
        return median(samples.stream().map(s -> s.remapMillis() / 1000.0).toList());
    }

    private static long peakMb(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::peakKb).max().orElse(-1) / 1024;
    }

    private String report(Map<String, List<Sample>> startup, Map<String, List<Sample>> remap,
                          Map<String, List<Sample>> postgres, int big, int small) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# posdb performance\n\n")
                .append("Measured ").append(ZonedDateTime.now().withNano(0)).append(" by `scripts/bench.sh` (")
                .append(runs).append(" runs per side, alternating, medians of whole processes).\n\n")
                .append("Machine: ").append(machine()).append("\n\n")
                .append("| metric | measured | target | met |\n|---|---|---|---|\n");
        if (!startup.isEmpty()) {
            double boot = seconds(startup.get("boot"));
            double validate = seconds(startup.get("validate"));
            double naive = seconds(startup.get("naive"));
            row(md, "`boot` (up to date) ÷ `validate` only", boot / validate, "≤ 1.05", boot / validate <= 1.05);
            row(md, "`boot` (up to date) ÷ naive stack (Liquibase update, then SessionFactory)", boot / naive, "≤ 0.6",
                    boot / naive <= 0.6);
        }
        if (doctorVsQuickCheck != null) {
            double ratio = doctorVsQuickCheck[1] / doctorVsQuickCheck[0];
            row(md, String.format("`doctor` ÷ `PRAGMA quick_check` alone on the upgraded %d-user file (%d MB, in one JVM)",
                    upgradeUsers, (long) doctorVsQuickCheck[2] / (1024 * 1024)), ratio, "≤ 2.0", ratio <= 2.0);
        }
        if (!remap.isEmpty()) {
            remapRows(md, remap, big, small);
        }
        if (!postgres.isEmpty()) {
            double ratio = seconds(postgres.get(PostgresStartup.BOOT)) / seconds(postgres.get(PostgresStartup.VALIDATE));
            row(md, "`boot` (up to date) ÷ `validate` on PostgreSQL", ratio, "≤ 1.05", ratio <= 1.05);
        } else if (only == null || "postgresql".equals(only)) {
            md.append("| `boot` (up to date) ÷ `validate` on PostgreSQL | ").append(PostgresStartup.SKIPPED)
                    .append(" | ≤ 1.05 | |\n");
        }
        md.append("\n| side | median | peak memory |\n|---|---|---|\n");
        if (startup.isEmpty() && postgres.isEmpty() && remap.isEmpty()) {
            md.append("| (no side ran) | | |\n");
        }
        if (doctorVsQuickCheck != null) {
            md.append(String.format("| `PRAGMA quick_check` alone (in one JVM) | %.2f s | |%n", doctorVsQuickCheck[0]))
                    .append(String.format("| `doctor` (in the same JVM) | %.2f s | |%n", doctorVsQuickCheck[1]));
        }
        Map<String, List<Sample>> wholeProcesses = new LinkedHashMap<>(startup);
        wholeProcesses.putAll(postgres);
        for (Map.Entry<String, List<Sample>> entry : wholeProcesses.entrySet()) {
            md.append(String.format("| %s (whole process) | %.2f s | %d MB |%n", entry.getKey(), seconds(entry.getValue()),
                    peakMb(entry.getValue())));
        }
        for (Map.Entry<String, List<Sample>> entry : remap.entrySet()) {
            if (entry.getKey().startsWith(UPGRADE) || entry.getKey().startsWith(UPGRADE_FLOOR)) {
                md.append(String.format("| %s users (whole process) | %.2f s | %d MB |%n", entry.getKey(),
                        seconds(entry.getValue()), peakMb(entry.getValue())));
                continue;
            }
            md.append(String.format("| %s users: the %s itself (whole process %.2f s) | %.2f s | %d MB |%n",
                    entry.getKey(), entry.getKey().startsWith("rollback") ? "rollback" : "remap", seconds(entry.getValue()),
                    remapSeconds(entry.getValue()), peakMb(entry.getValue())));
        }
        return md.toString();
    }

    private void remapRows(StringBuilder md, Map<String, List<Sample>> remap, int big, int small) {
        double remapBig = remapSeconds(remap.get("remap " + big));
        double floorBig = remapSeconds(remap.get("floor " + big));
        double remapSmall = remapSeconds(remap.get("remap " + small));
        if (progress != null) {
            md.append("| `boot --progress json` on the ").append(upgradeUsers).append("-user legacy upgrade | ")
                    .append(progress).append(" | monotonic, with an estimate | yes |\n");
        }
        row(md, "audited remap of " + big + " users ÷ set-based SQL floor (-Xmx256m)", remapBig / floorBig, "≤ 2.0",
                remapBig / floorBig <= 2.0);
        row(md, "remap time at " + big + " ÷ at " + small + " users", remapBig / remapSmall, "≤ 11",
                remapBig / remapSmall <= 11);
        // The rollback from the audit rows looks each row up by its key (n log n): it once scanned the table per
        // audit row, a ratio near 100 here.
        double rollbackBig = remapSeconds(remap.get("rollback " + big));
        double rollbackSmall = remapSeconds(remap.get("rollback " + small));
        row(md, "audited rollback of the remap of " + big + " users ÷ the remap itself", rollbackBig / remapBig,
                "≤ 3.0", rollbackBig / remapBig <= 3.0);
        row(md, "rollback time at " + big + " ÷ at " + small + " users", rollbackBig / rollbackSmall, "≤ 15",
                rollbackBig / rollbackSmall <= 15);
        double upgrade = seconds(remap.get(UPGRADE + upgradeUsers));
        double upgradeFloor = seconds(remap.get(UPGRADE_FLOOR + upgradeUsers));
        row(md, "full legacy upgrade of " + upgradeUsers + " users (`boot`, whole process) ÷ the same SQL in the "
                + "`sqlite3` shell (`scripts/upgrade-floor.sql`)", upgrade / upgradeFloor, "≤ 2.0",
                upgrade / upgradeFloor <= 2.0);
    }

    private static void row(StringBuilder md, String metric, double ratio, String target, boolean met) {
        md.append(String.format("| %s | %.2f | %s | %s |%n", metric, ratio, target, met ? "yes" : "**no**"));
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " memory, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> list = Arrays.asList(args);
        for (int i = 0; i + 1 < list.size(); i += 2) {
            options.put(list.get(i), list.get(i + 1));
        }
        return options;
    }
}
