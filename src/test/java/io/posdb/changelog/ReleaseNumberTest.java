package io.posdb.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One release number, set in one place (the pom's version): the labels of the changesets
 * must not name a newer release than the one being built (issue 11 §6). Lint applies the rule
 * to a changelog (ChangelogRulesTest: the repository's lints clean, a newer label is an error).
 */
class ReleaseNumberTest {

    @Test
    void theReleaseIsThePomVersion() throws Exception {
        Matcher version = Pattern.compile("</modelVersion>\\s*<groupId>[^<]*</groupId>\\s*<artifactId>[^<]*</artifactId>"
                + "\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();

        assertThat(Release.current()).isEqualTo(version.group(1));
        assertThat(Release.label()).isEqualTo(ReleaseLabels.labelOf(version.group(1)));
    }

    @Test
    void aTillIsOlderThanAChangeSetWhenItsMajorAndMinorAreLower() {
        assertThat(ReleaseLabels.olderThan("2.0.0", "release-2.1")).isTrue();
        assertThat(ReleaseLabels.olderThan("1.9.9", "release-2.0")).isTrue();
        assertThat(ReleaseLabels.olderThan("2.9.0", "release-10.0")).as("numbers, not text").isTrue();
        assertThat(ReleaseLabels.olderThan("2.1.0", "release-2.1")).isFalse();
        assertThat(ReleaseLabels.olderThan("2.1.5-SNAPSHOT", "release-2.1")).isFalse();
        assertThat(ReleaseLabels.olderThan("3.0.0", "release-2.1")).isFalse();
        assertThat(ReleaseLabels.labelOrCurrent("release-2.1")).isEqualTo("release-2.1");
        assertThat(ReleaseLabels.labelOrCurrent(null)).isEqualTo(Release.label());
        assertThat(ReleaseLabels.releaseOf("2.0.0")).isEqualTo("2.0");
    }

    @Test
    void labelsFollowTheVersionsMajorAndMinor() {
        assertThat(ReleaseLabels.labelOf("2.0.0")).isEqualTo("release-2.0");
        assertThat(ReleaseLabels.labelOf("2.1.3-SNAPSHOT")).isEqualTo("release-2.1");
        assertThat(ReleaseLabels.labelOf("10.12")).isEqualTo("release-10.12");
        assertThat(ReleaseLabels.labelOf("2.1-SNAPSHOT")).isEqualTo("release-2.1");
    }

    /** Only a release's version has a label: {@code 2.1.x} is no release, though it starts with MAJOR.MINOR. */
    @Test
    void aVersionWithMoreThanNumbersAfterMajorMinorHasNoLabel() {
        for (String notARelease : List.of("2.1.x", "2.1.", "2.1.0.0", "2.1.0-", "2.1 ", "v2.1")) {
            assertThatThrownBy(() -> ReleaseLabels.labelOf(notARelease)).as(notARelease)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("got " + notARelease);
        }
        assertThat(ReleaseLabels.labelOf(Release.current())).as("this build's").isEqualTo(Release.label());
    }

    @Test
    void aDatabasesRecordedLabelsNameTheirReleaseWhereverTheReleaseLabelStands() {
        assertThat(ReleaseLabels.labelIn("beta, release-10.2")).contains("release-10.2");
        assertThat(ReleaseLabels.labelIn("beta")).isEmpty();
        assertThat(ReleaseLabels.labelIn(null)).isEmpty();
        assertThat(ReleaseLabels.releaseOfLabel("release-10.2")).isEqualTo("10.2");
    }

    @Test
    void theChangelogsRuleWantsOneReleaseLabelNoNewerThanTheReleaseBeingBuilt() {
        assertThat(ReleaseLabels.check(" release-2.0 ", "2.0.0", () -> "missing", label -> "newer " + label)).isEmpty();
        assertThat(ReleaseLabels.check("release-2.1", "2.0.0", () -> "missing", label -> "newer " + label))
                .contains("newer release-2.1");
        // The downgrade guard reads a changeset's labels as one label (labelOrCurrent): a second one would hide it.
        assertThat(ReleaseLabels.check("release-2.0, beta", "2.0.0", () -> "missing", label -> "newer")).contains("missing");
        assertThat(ReleaseLabels.check(null, "2.0.0", () -> "missing", label -> "newer")).contains("missing");
    }
}
