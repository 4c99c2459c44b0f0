package io.posdb.cli;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    /** The rows without a header, one line each, in columns as {@link #render} draws them. */
    static List<String> aligned(List<List<String>> rows) {
        return rows.isEmpty() ? List.of() : render(Collections.nCopies(rows.get(0).size(), ""), rows).lines().skip(1)
                .map(String::stripTrailing).toList();
    }

    /** The rows under {@code header}, each column as wide as its widest cell plus two spaces; "(none)" without rows. */
    static String render(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "(none)";
        }
        List<List<String>> all = Stream.concat(Stream.of(header), rows.stream()).toList();
        int[] widths = IntStream.range(0, header.size())
                .map(i -> all.stream().mapToInt(row -> row.get(i).length()).max().orElse(0)).toArray();
        return all.stream().map(row -> IntStream.range(0, row.size()).mapToObj(i -> i == row.size() - 1 ? row.get(i)
                        : row.get(i) + " ".repeat(widths[i] - row.get(i).length() + 2)).collect(Collectors.joining()))
                .collect(Collectors.joining(System.lineSeparator())).stripTrailing();
    }
}
