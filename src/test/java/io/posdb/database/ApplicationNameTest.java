package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationNameTest {

    @Test
    void readsBackTheReleaseAndTillItWrote() {
        ApplicationName name = new ApplicationName("2.0.0", "till-north");

        assertThat(name.text()).isEqualTo("posdb 2.0.0 till-north");
        assertThat(ApplicationName.parse(name.text())).contains(name);
    }

    @Test
    void anotherProgramsApplicationNameIsNoTill() {
        assertThat(ApplicationName.parse("psql")).isEmpty();
        assertThat(ApplicationName.parse("posdb")).isEmpty();
        assertThat(ApplicationName.parse("posdb 2.0.0")).isEmpty();
        assertThat(ApplicationName.parse(null)).isEmpty();
    }

    @Test
    void aNameBuiltTooLongIsCutAsTheServerWouldCutIt() {
        ApplicationName name = new ApplicationName("2.0.0", "t".repeat(100));

        assertThat(name.text()).hasSize(ApplicationName.MAX_BYTES).startsWith("posdb 2.0.0 t");
        assertThat(ApplicationName.roomForTillName("2.0.0")).isEqualTo(ApplicationName.MAX_BYTES - "posdb 2.0.0 ".length());
    }
}
