package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootException;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.OperatorMessages;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** What posdb prints for a failure says why, even when the error carries no message. */
class FailureReportTest {

    @Test
    void messageLessErrorIsPrintedAsItsKindInWords() {
        List<String> lines = FailureReport.lines("boot", new IllegalStateException(new NoSuchElementException()), 1);

        assertThat(lines).containsExactly("posdb boot: unexpected no such element error");
        lines.forEach(OperatorMessages::assertSaysWhy);
    }

    @Test
    void failureWithAMessageIsPrintedAsItIs() {
        BootException refused = new BootException(BootFailure.LOCKED, "Database /x/pos.db is in use by another process");

        assertThat(FailureReport.lines("boot", refused, BootFailure.LOCKED.exitCode()))
                .containsExactly("posdb boot: Database /x/pos.db is in use by another process");
    }
}
