package io.posdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A posdb command printed for an operator (a next step, a refusal's way out), taken as the operator takes it: split
 * into words by a POSIX shell itself ({@code sh}), so that the quoting posdb printed is the quoting a shell reads.
 */
public final class PrintedCommand {

    /** A posdb command inside a sentence: its name, options and the database it names, up to a quoted word's end. */
    private static final Pattern ON_A_DATABASE = Pattern.compile("posdb [a-z-]+(?: --?[a-z-]+)* --(?:db|url) '[^']*'");

    private PrintedCommand() {
    }

    /** The command {@code text} prints on a database ({@code posdb NAME ... --db '...'}); fails when it names none. */
    public static String in(String text) {
        Matcher found = ON_A_DATABASE.matcher(text);
        assertThat(found.find()).as("a posdb command naming its database with --db or --url in: %s", text).isTrue();
        return found.group();
    }

    /** The arguments of {@code printed} (which starts with {@code posdb }) as a shell passes them to posdb. */
    public static String[] arguments(String printed) throws IOException, InterruptedException {
        assertThat(printed).startsWith("posdb ");
        return words(printed.substring("posdb ".length())).toArray(String[]::new);
    }

    /** Any command {@code printed} (a {@code sqlite3 FILE 'SELECT ...'}) as a shell splits it: the program first. */
    public static List<String> words(String printed) throws IOException, InterruptedException {
        Process words = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + printed).redirectErrorStream(true).start();
        List<String> split = new String(words.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(words.waitFor()).as("sh splits %s", printed).isZero();
        return split;
    }
}
