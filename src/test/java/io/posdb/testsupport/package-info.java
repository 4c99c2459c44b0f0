/**
 * What the tests share: real fixture databases (legacy shops, WAL files), changelogs with an extra
 * (or failing) changeset, posdb run in the test's JVM ({@link io.posdb.testsupport.PosdbInProcess}) or
 * as a process with the same result type, the tool processes the process-level tests start, the PostgreSQL server the postgres tests use, captured
 * logs and console, and the fast loop's rule that `mvn test` starts neither ({@link
 * io.posdb.testsupport.InProcessOnly}).
 */
package io.posdb.testsupport;
