package io.posdb.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the code under test prints to System.out, kept instead of reaching the test run's
 * console (use in try-with-resources). Only what is written through System.out as it is while
 * attached: a stream someone saved earlier still prints.
 */
public final class CapturedStdout implements AutoCloseable {

    private final PrintStream previous = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public CapturedStdout() {
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public String text() {
        System.out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(previous);
    }
}
