package io.posdb.testsupport;

/**
 * The fast loop's rule, enforced where it can be broken: under surefire ({@code mvn test}, which
 * sets {@code posdb.test.inProcessOnly}) a test may not start a process nor reach the PostgreSQL
 * server. Such a test belongs in {@code mvn verify}: tag it {@code @Tag("process")} or
 * {@code @Tag("postgres")} (pom.xml, README: the test loop). Without this, a test that forgot
 * its tag would silently make the fast loop slow again, or skip in it for want of a server.
 * Outside Maven (an IDE run) the property is absent and everything is allowed.
 */
public final class InProcessOnly {

    private InProcessOnly() {
    }

    /** Fails the calling test under {@code mvn test}; {@code what} says what it tried and {@code tag} the tag it needs. */
    public static void refuse(String what, String tag) {
        if (Boolean.getBoolean("posdb.test.inProcessOnly")) {
            throw new IllegalStateException("`mvn test` runs in-process tests only, and this test " + what
                    + ": tag it @Tag(\"" + tag + "\") so that it runs in `mvn verify`");
        }
    }
}
