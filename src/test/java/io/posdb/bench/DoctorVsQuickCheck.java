package io.posdb.bench;

import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.report.DoctorReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Issue 22's target: {@code posdb doctor} on a large file takes at most twice {@code PRAGMA
 * quick_check} alone. Both sides in this one JVM (a process's start-up would be counted on the doctor's
 * side only), alternating, after one untimed quick_check so both read a warm page cache; prints
 * {@code quick_check=<s> doctor=<s>} as medians. Usage: {@code DoctorVsQuickCheck FILE RUNS}.
 */
public final class DoctorVsQuickCheck {

    private DoctorVsQuickCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        quickCheck(file);
        List<Double> quick = new ArrayList<>();
        List<Double> doctor = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            quickCheck(file);
            quick.add((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            DoctorReport report = PosDatabaseChecks.doctor(PosDatabaseSettings.sqlite(file).build());
            doctor.add((System.nanoTime() - start) / 1e9);
            if (report.exitCode() != 0) {
                throw new IllegalStateException("doctor found a failure on the benchmark's file:\n" + report.text());
            }
        }
        System.out.printf(java.util.Locale.ROOT, "quick_check=%.3f doctor=%.3f%n", median(quick), median(doctor));
    }

    private static void quickCheck(Path file) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA quick_check")) {
            while (rs.next()) {
                if (!"ok".equals(rs.getString(1))) {
                    throw new IllegalStateException("quick_check: " + rs.getString(1));
                }
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
