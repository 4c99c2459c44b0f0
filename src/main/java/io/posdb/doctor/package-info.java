/**
 * {@code posdb doctor}: looks at one database as a whole and says what is wrong and what to type next,
 * by running the checks the rest of posdb already has (the file checks and snapshots of
 * {@code io.posdb.upgrade.sqlite}, the lock checks, the changelog plan, the drift check, the
 * catalog) on a read-only view of the database, plus the few checks only a doctor needs (data the
 * entities would reject, connected sessions, the upgrade records). It owns no second
 * implementation of any of them, and it writes nothing to the database or beside it; the support
 * bundle ({@link io.posdb.doctor.SupportBundle}) is the one file it writes, where it is told to.
 * The report it returns is {@link io.posdb.report.DoctorReport}.
 */
package io.posdb.doctor;
