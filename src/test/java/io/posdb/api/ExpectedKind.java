package io.posdb.api;

import io.posdb.failure.PosDatabaseException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.failure.BootFailure;
import io.posdb.testsupport.OperatorMessages;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The api's refusals: a PosDatabaseException of one kind, with that kind's exit code, naming what to look at,
 * in words rather than Java class names (those stay in the cause, for --verbose), and never "null".
 */
final class ExpectedKind {

    private ExpectedKind() {
    }

    static void assertRefused(ThrowingCallable call, BootFailure kind, String named) {
        assertThatThrownBy(call).isInstanceOf(PosDatabaseException.class).hasMessageContaining(named)
                .satisfies(e -> assertThat(((PosDatabaseException) e).kind()).isEqualTo(kind))
                .satisfies(e -> assertThat(((PosDatabaseException) e).exitCode()).isEqualTo(kind.exitCode()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error)\\b"))
                .satisfies(e -> OperatorMessages.assertSaysWhy(e.getMessage()));
    }
}
