package io.posdb.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What the code under test prints to System.out or System.err, kept instead of reaching the
 * test run's console (use in try-with-resources). Only what is written through the stream as
 * it is while attached: a stream someone saved earlier still prints.
 */
public final class CapturedConsole implements AutoCloseable {

    private final PrintStream previous;
    private final Consumer<PrintStream> setter;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private CapturedConsole(PrintStream previous, Consumer<PrintStream> setter) {
        this.previous = previous;
        this.setter = setter;
        setter.accept(capture);
    }

    public static CapturedConsole stdout() {
        return new CapturedConsole(System.out, System::setOut);
    }

    public static CapturedConsole stderr() {
        return new CapturedConsole(System.err, System::setErr);
    }

    public String text() {
        capture.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        capture.flush();
        setter.accept(previous);
    }
}
