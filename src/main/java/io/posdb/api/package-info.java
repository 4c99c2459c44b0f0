/**
 * What an application, and the {@code posdb} command line, calls. At start-up
 * {@link io.posdb.api.PosDatabase#boot} upgrades the database, opens the connection pool and returns
 * Hibernate's validated SessionFactory ({@link io.posdb.api.PosDatabase#upgrade} only upgrades; a
 * framework that builds Hibernate itself, as Spring Boot does through posdb's starter, calls it, then
 * {@link io.posdb.api.PosDatabase#openPool} and {@link io.posdb.api.PosDatabase#hibernateProperties}). An
 * operator's other work has its entry points here too, each taking the same
 * {@link io.posdb.api.PosDatabaseSettings}: {@link io.posdb.api.PosDatabaseChecks} (the checks every
 * command runs first, the plan {@code status} reports, and the record of past upgrades and rollbacks
 * {@code history --runs} shows; none writes), {@link io.posdb.api.PosDatabaseMaintenance} (rollback to a
 * tag or by a count, rehearsal on a copy, update-sql preview, release of a dead process's lock, Hibernate
 * validation alone) and {@link io.posdb.api.PosDatabaseTransfer} (a shop's SQLite file into a PostgreSQL
 * server: a write path, so it comes through here like every other). Every failure is a
 * {@link io.posdb.failure.PosDatabaseException} naming its kind and exit code (posdb's one failure type,
 * thrown by the layers below and passed on as it is: the api declares none of its own); a bad argument is
 * an {@code IllegalArgumentException} naming it.
 *
 * <p>What the entry points return is the records of {@code io.posdb.report} (built by the layer that did
 * the work, returned as they are) or the read models below it that a caller may use as they are:
 * {@code io.posdb.changelog}'s {@code AppliedChangeSet}, {@code PendingChangeSet}, {@code MigrationPlan}
 * and {@code HistoryEntry}, {@code io.posdb.drift}'s {@code DriftReport}, and {@code io.posdb.failure}'s
 * kinds ({@code BootFailure}); an application queries {@code io.posdb.orm}'s entities. The upgrade flow's
 * own types ({@code io.posdb.upgrade}, {@code io.posdb.runner}, {@code io.posdb.runs},
 * {@code io.posdb.transfer}) stay behind these classes, and module-info.java does not export them;
 * {@link io.posdb.api.PosDatabaseSettings} implements the upgrade flow's read-only view of it
 * ({@code io.posdb.upgrade.UpgradeSettings}), which callers need not use.
 */
package io.posdb.api;
