/**
 * What the tests share: real fixture databases (legacy shops, WAL files), changelogs with an extra
 * (or failing) changeset, posdb run in the test's JVM ({@link io.posdb.testsupport.PosdbInProcess}) or
 * as a process with the same result type, the tool processes the process-level tests start, the PostgreSQL server the postgres tests use, captured
 * logs and console, and the fast loop's rule that `mvn test` starts neither ({@link
 * io.posdb.testsupport.InProcessOnly}), and the rule that a test closes what it opened in its folder ({@link
 * io.posdb.testsupport.NoFileLeftOpen}).
 */
package io.posdb.testsupport;
