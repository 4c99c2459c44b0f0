package io.posdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house limit on class size (README "Code layout"): a source file past about 200 lines
 * does more than one thing and is split before it grows further. Maven runs tests from the
 * project's directory, so the sources are read where they are.
 */
class ClassSizeTest {

    private static final int MOST_LINES = 200;

    @Test
    void noSourceFileGrowsPastTwoHundredLines() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).as("run from the project directory").isDirectory();
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(sources)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > MOST_LINES)
                    .map(f -> f + " (" + lines(f) + " lines)")
                    .toList();
        }
        assertThat(tooLong).as("split these into classes that each do one thing").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
