package io.posdb.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

/** What every failure message an operator reads must be, whichever path built it. */
public final class OperatorMessages {

    private OperatorMessages() {
    }

    /**
     * The message says why: never null or blank, no "null" where a reason belongs (what a
     * message-less cause's getMessage() turns into), no bare exception class name.
     */
    public static void assertSaysWhy(String message) {
        assertThat(message).isNotBlank()
                .doesNotContainPattern("(?:^|[:(] ?)null(?:$|[;,.)])")
                .doesNotContainPattern("\\b[A-Z]\\w+(?:Exception|Error)\\b");
    }
}
