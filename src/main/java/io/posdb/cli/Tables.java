package io.posdb.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Plain text of a result: rows as a table with aligned columns, or items as indented lines under a heading. */
final class Tables {

    private Tables() {
    }

    /** A row of cells: each value as text, an absent one (null) as an empty cell. */
    static List<String> row(Object... values) {
        return Arrays.stream(values).map(v -> v == null ? "" : String.valueOf(v)).toList();
    }

    /** {@code heading}, then each item on a line of its own, indented by two spaces. */
    static String indented(String heading, Stream<String> items) {
        return items.map(item -> System.lineSeparator() + "  " + item).collect(Collectors.joining("", heading, ""));
    }

    static String render(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "(none)";
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                String cell = String.valueOf(row.get(i));
                text.append(i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 2));
            }
            text.append(System.lineSeparator());
        }
        return text.toString().stripTrailing();
    }
}
