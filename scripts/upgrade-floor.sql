-- The floor of a full legacy upgrade (issue #10): the same SQL work as `posdb boot` on a
-- legacy file, done by the sqlite3 shell with nothing else (no JVM, no Liquibase, no
-- per-user log, no report, no Hibernate). scripts/bench.sh runs it as
--   sqlite3 DATABASE < scripts/upgrade-floor.sql
-- in a folder where it may write upgrade-floor-copy.db.
-- 1. Copy the file aside, consistently (SQLite's online backup, as posdb's snapshot does).
.bail on
.backup upgrade-floor-copy.db
-- 2. The pre-upgrade check.
PRAGMA integrity_check;
-- 3. The audit table with its index and append-only triggers (changeset 0007).
CREATE TABLE "data_migration_audit" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "changeset_id" VARCHAR(255) NOT NULL,
    "table_name" VARCHAR(128) NOT NULL,
    "row_id" VARCHAR(64) NOT NULL,
    "column_name" VARCHAR(128) NOT NULL,
    "old_value" TEXT,
    "new_value" TEXT,
    "note" TEXT,
    "migrated_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "idx_data_migration_audit_changeset" ON "data_migration_audit" ("changeset_id", "table_name", "row_id");
CREATE TRIGGER "data_migration_audit_no_update" BEFORE UPDATE ON "data_migration_audit"
BEGIN SELECT RAISE(ABORT, 'data_migration_audit is append-only'); END;
CREATE TRIGGER "data_migration_audit_no_delete" BEFORE DELETE ON "data_migration_audit"
BEGIN SELECT RAISE(ABORT, 'data_migration_audit is append-only'); END;
-- 4. The audited remap (changeset 0008): the audit INSERT ... SELECT, then the UPDATE.
BEGIN;
INSERT INTO data_migration_audit (changeset_id, table_name, row_id, column_name, old_value, new_value)
SELECT '0008-remap-user-roles', 'user', id, 'role', role,
       CASE lower(trim(role)) WHEN 'primary' THEN 'admin' WHEN 'admin' THEN 'admin' ELSE 'user' END
FROM "user" WHERE role NOT IN ('admin', 'user');
UPDATE "user" SET role = CASE lower(trim(role)) WHEN 'primary' THEN 'admin' WHEN 'admin' THEN 'admin' ELSE 'user' END
WHERE role NOT IN ('admin', 'user');
COMMIT;
-- 5. The user rebuild with the role constraint (changeset 0010), foreign keys checked before commit.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE "user_new" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(50) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "pin_hash" VARCHAR(128) NOT NULL,
    "role" VARCHAR(5) NOT NULL DEFAULT 'user' CHECK ("role" IN ('admin', 'user')),
    "is_active" INT NOT NULL  DEFAULT 1,
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "user_new" SELECT "id", "username", "name", "pin_hash", "role", "is_active", "created_at", "updated_at"
FROM "user";
DROP TABLE "user";
ALTER TABLE "user_new" RENAME TO "user";
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
