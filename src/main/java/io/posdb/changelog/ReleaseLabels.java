package io.posdb.changelog;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code release-X.Y} label every changeset carries, derived from and checked against
 * the one release number (the pom's version): a changeset labelled for a release newer than
 * the one being built would be shipped early, and the downgrade guard would name the wrong
 * release to older tills.
 */
public final class ReleaseLabels {

    /**
     * A release's version: MAJOR.MINOR, or MAJOR.MINOR.PATCH, with a Maven qualifier or not (the pom's {@code 2.0.0},
     * a build's {@code 2.1.0-SNAPSHOT}). Anything else after MAJOR.MINOR ({@code 2.1.x}) is no release: a label cut
     * from its first two numbers would be accepted for what no build is.
     */
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?");
    private static final Pattern LABEL = Pattern.compile("release-(\\d+)\\.(\\d+)");

    private ReleaseLabels() {
    }

    /** {@code release-2.0} for version {@code 2.0.0} (or {@code 2.0}, {@code 2.0.1-SNAPSHOT}). */
    public static String labelOf(String version) {
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("version must be MAJOR.MINOR or MAJOR.MINOR.PATCH (2.1, 2.1.0, "
                    + "2.1.0-SNAPSHOT), got " + version);
        }
        return "release-" + matcher.group(1) + "." + matcher.group(2);
    }

    /**
     * Whether a till of release {@code version} is older than the release {@code label} names
     * ({@code release-X.Y}): it compares MAJOR.MINOR, the part a label carries.
     */
    public static boolean olderThan(String version, String label) {
        Matcher till = LABEL.matcher(labelOf(version));
        Matcher changeSet = LABEL.matcher(label);
        if (!till.matches() || !changeSet.matches()) {
            throw new IllegalArgumentException("label must be release-X.Y, got " + label);
        }
        int major = Integer.compare(Integer.parseInt(till.group(1)), Integer.parseInt(changeSet.group(1)));
        return major < 0 || major == 0 && Integer.parseInt(till.group(2)) < Integer.parseInt(changeSet.group(2));
    }

    /** A changeset's labels when they are one {@code release-X.Y} label, else this build's ({@link Release#label()}). */
    public static String labelOrCurrent(String labels) {
        return labels != null && LABEL.matcher(labels.trim()).matches() ? labels.trim() : Release.label();
    }

    /** {@code 2.0} for version {@code 2.0.0}: the release as messages to operators name it. */
    public static String releaseOf(String version) {
        return releaseOfLabel(labelOf(version));
    }

    /** The newest of {@code labels} ({@code release-X.Y} each), if any. */
    public static Optional<String> newest(Collection<String> labels) {
        return labels.stream().reduce((one, other) -> olderThan(releaseOfLabel(one), other) ? other : one);
    }

    /** {@code release-2.1} for the label {@code release-2.0}: the release after it, as a label. */
    public static String next(String label) {
        Matcher matcher = LABEL.matcher(label);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("label must be release-X.Y, got " + label);
        }
        return "release-" + matcher.group(1) + "." + (Integer.parseInt(matcher.group(2)) + 1);
    }

    /** {@code 2.0} for the label {@code release-2.0}. */
    public static String releaseOfLabel(String label) {
        return label.substring("release-".length());
    }

    /**
     * The {@code release-X.Y} label among the labels a database recorded for a changeset, if any: a database
     * may hold rows another tool wrote, so this reads more leniently than {@link #check} judges the changelog.
     */
    public static Optional<String> labelIn(String labels) {
        Matcher label = LABEL.matcher(labels == null ? "" : labels);
        return label.find() ? Optional.of(label.group()) : Optional.empty();
    }

    /**
     * The release rule of a changeset, the one lint applies: its labels are one {@code release-X.Y} label
     * (else {@code missing}) no newer than {@code version} (else {@code newer} of the label); empty when
     * the labels are right.
     */
    public static <T> Optional<T> check(String labels, String version, Supplier<T> missing, Function<String, T> newer) {
        String label = labels == null ? "" : labels.trim();
        if (!LABEL.matcher(label).matches()) {
            return Optional.of(missing.get());
        }
        return olderThan(version, label) ? Optional.of(newer.apply(label)) : Optional.empty();
    }
}
