-- The database posdb 2.0.0 wrote, with seeded rows in every table (io.posdb.effect.ReleaseArchive).
CREATE TABLE DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TEXT NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
CREATE TABLE posdb_changeset (id VARCHAR(255) NOT NULL, author VARCHAR(255) NOT NULL, filename VARCHAR(255) NOT NULL, release_version VARCHAR(64), compatibility VARCHAR(16) NOT NULL, reason TEXT, undo TEXT, recorded_at VARCHAR(40), PRIMARY KEY (id, author, filename));
CREATE TABLE "category" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL UNIQUE
);
CREATE TABLE "product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "sku" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "price" VARCHAR(40) NOT NULL,
    "stock" INT NOT NULL  DEFAULT 0,
    "is_active" INT NOT NULL  DEFAULT 1,
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "category_id" INT REFERENCES "category" ("id") ON DELETE SET NULL
);
CREATE TABLE "sale" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "receipt_no" VARCHAR(32) NOT NULL UNIQUE,
    "total" VARCHAR(40) NOT NULL,
    "payment_method" VARCHAR(4) NOT NULL  /* CASH: cash\nCARD: card */,
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "cashier_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE TABLE "saleitem" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "quantity" INT NOT NULL,
    "unit_price" VARCHAR(40) NOT NULL,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "sale_id" INT NOT NULL REFERENCES "sale" ("id") ON DELETE CASCADE
);
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
CREATE TABLE "user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(50) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "pin_hash" VARCHAR(128) NOT NULL,
    "role" VARCHAR(5) NOT NULL DEFAULT 'user' CHECK ("role" IN ('admin', 'user')),
    "is_active" INT NOT NULL  DEFAULT 1,
    "created_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0001-baseline-user', 'posdb', 'changelog/changes/0001-baseline-user.yaml', '2026-12-03 23:29:04', 1, 'EXECUTED', '9:68f2df00eb900aca8e9d97b4f2ea10c6', 'sql', 'Baseline table user (legacy v1 schema)', NULL, '4.33.0', NULL, 'release-1.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0002-baseline-category', 'posdb', 'changelog/changes/0002-baseline-category.yaml', '2026-12-03 23:29:05', 2, 'EXECUTED', '9:eb692f3374fba8e26137e32bfc253c8f', 'sql', 'Baseline table category (legacy v1 schema)', NULL, '4.33.0', NULL, 'release-1.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0003-baseline-product', 'posdb', 'changelog/changes/0003-baseline-product.yaml', '2026-12-03 23:29:05', 3, 'EXECUTED', '9:0797959be04e32d17282e73858dd1b63', 'sql', 'Baseline table product (legacy v1 schema)', NULL, '4.33.0', NULL, 'release-1.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0004-baseline-sale', 'posdb', 'changelog/changes/0004-baseline-sale.yaml', '2026-12-03 23:29:05', 4, 'EXECUTED', '9:5840ac14eee6ef59ff169426ac125b32', 'sql', 'Baseline table sale (legacy v1 schema)', NULL, '4.33.0', NULL, 'release-1.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0005-baseline-saleitem', 'posdb', 'changelog/changes/0005-baseline-saleitem.yaml', '2026-12-03 23:29:05', 5, 'EXECUTED', '9:883d4f12562b46234331d82f4dd103b1', 'sql', 'Baseline table saleitem (legacy v1 schema)', NULL, '4.33.0', NULL, 'release-1.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0006-tag-release-1.0', 'posdb', 'changelog/changes/0006-tag-release-1.0.yaml', '2026-12-03 23:29:05', 6, 'EXECUTED', '9:38bb4793a6a4fbb48375b4027cd6f472', 'tagDatabase', '', 'v1.0', '4.33.0', NULL, 'release-1.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0007-data-migration-audit', 'posdb', 'changelog/changes/0007-data-migration-audit.yaml', '2026-12-03 23:29:05', 7, 'EXECUTED', '9:42ceca116460f2caabd52739dd0d860f', 'sql; sql; sql; sql', 'Audit table for data migrations (append-only)', NULL, '4.33.0', NULL, 'release-2.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0008-remap-user-roles', 'posdb', 'changelog/changes/0008-remap-user-roles.yaml', '2026-12-03 23:29:05', 8, 'MARK_RAN', '9:583a5062e3653caf6e587a9c6035ef01', 'customChange', 'User role migration (PRIMARY/STAFF -> ADMIN/USER)', NULL, '4.33.0', NULL, 'release-2.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0009-verify-user-roles', 'posdb', 'changelog/changes/0009-verify-user-roles.yaml', '2026-12-03 23:29:06', 9, 'EXECUTED', '9:7a37a4e4638085400ecf49cb0bebb7de', 'empty', 'Verify every user role is admin or user', NULL, '4.33.0', NULL, 'release-2.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0010-enforce-user-role-constraint', 'posdb', 'changelog/changes/0010-enforce-user-role-constraint.yaml', '2026-12-03 23:29:06', 10, 'EXECUTED', '9:89e50f8e41cb3a7b04f54f7c3c636a1f', 'customChange', 'Enforce the role constraint on user (SQLite table rebuild)', NULL, '4.33.0', NULL, 'release-2.0', '6340541651');
INSERT INTO "DATABASECHANGELOG" ("ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID") VALUES ('0011-tag-release-2.0', 'posdb', 'changelog/changes/0011-tag-release-2.0.yaml', '2026-12-03 23:29:06', 11, 'EXECUTED', '9:fc5823d0118b133cc84faa19e89623bd', 'tagDatabase', '', 'v2.0', '4.33.0', NULL, 'release-2.0', '6340541651');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0001-baseline-user', 'posdb', 'changelog/changes/0001-baseline-user.yaml', '2.0.0', 'compatible', 'table user added', '[{"kind":"archiveTable","table":"user","column":null,"sql":null}]', '2026-12-03T23:29:05.278521801Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0002-baseline-category', 'posdb', 'changelog/changes/0002-baseline-category.yaml', '2.0.0', 'compatible', 'table category added', '[{"kind":"archiveTable","table":"category","column":null,"sql":null}]', '2026-12-03T23:29:05.352157750Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0003-baseline-product', 'posdb', 'changelog/changes/0003-baseline-product.yaml', '2.0.0', 'compatible', 'table product added', '[{"kind":"archiveTable","table":"product","column":null,"sql":null}]', '2026-12-03T23:29:05.474300644Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0004-baseline-sale', 'posdb', 'changelog/changes/0004-baseline-sale.yaml', '2.0.0', 'compatible', 'table sale added', '[{"kind":"archiveTable","table":"sale","column":null,"sql":null}]', '2026-12-03T23:29:05.604765586Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0005-baseline-saleitem', 'posdb', 'changelog/changes/0005-baseline-saleitem.yaml', '2.0.0', 'compatible', 'table saleitem added', '[{"kind":"archiveTable","table":"saleitem","column":null,"sql":null}]', '2026-12-03T23:29:05.719167077Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0006-tag-release-1.0', 'posdb', 'changelog/changes/0006-tag-release-1.0.yaml', '2.0.0', 'compatible', '', '[]', '2026-12-03T23:29:05.843088123Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0007-data-migration-audit', 'posdb', 'changelog/changes/0007-data-migration-audit.yaml', '2.0.0', 'compatible', 'index idx_data_migration_audit_changeset added; table data_migration_audit added; trigger data_migration_audit_no_delete added; trigger data_migration_audit_no_update added', '[{"kind":"sql","table":null,"column":null,"sql":"DROP TRIGGER IF EXISTS \"data_migration_audit_no_update\""},{"kind":"sql","table":null,"column":null,"sql":"DROP TRIGGER IF EXISTS \"data_migration_audit_no_delete\""},{"kind":"sql","table":null,"column":null,"sql":"DROP INDEX IF EXISTS \"idx_data_migration_audit_changeset\""},{"kind":"archiveTable","table":"data_migration_audit","column":null,"sql":null}]', '2026-12-03T23:29:05.933981703Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0008-remap-user-roles', 'posdb', 'changelog/changes/0008-remap-user-roles.yaml', '2.0.0', 'compatible', '', '[]', '2026-12-03T23:29:06.004343896Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0009-verify-user-roles', 'posdb', 'changelog/changes/0009-verify-user-roles.yaml', '2.0.0', 'compatible', '', '[]', '2026-12-03T23:29:06.099392078Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0010-enforce-user-role-constraint', 'posdb', 'changelog/changes/0010-enforce-user-role-constraint.yaml', '2.0.0', 'breaking', 'column user.role: type ''VARCHAR(7)'' -> ''VARCHAR(5)''; CHECK on user.role added', '[{"kind":"rebuildTable","table":"user","column":null,"sql":"CREATE TABLE \"user\" (\n    \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n    \"username\" VARCHAR(50) NOT NULL UNIQUE,\n    \"name\" VARCHAR(100) NOT NULL,\n    \"pin_hash\" VARCHAR(128) NOT NULL,\n    \"role\" VARCHAR(7) NOT NULL  DEFAULT ''staff'' /* PRIMARY: primary\\nSTAFF: staff */,\n    \"is_active\" INT NOT NULL  DEFAULT 1,\n    \"created_at\" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP,\n    \"updated_at\" TIMESTAMP NOT NULL  DEFAULT CURRENT_TIMESTAMP\n)"}]', '2026-12-03T23:29:06.173861392Z');
INSERT INTO "posdb_changeset" ("id", "author", "filename", "release_version", "compatibility", "reason", "undo", "recorded_at") VALUES ('0011-tag-release-2.0', 'posdb', 'changelog/changes/0011-tag-release-2.0.yaml', '2.0.0', 'compatible', '', '[]', '2026-12-03T23:29:06.224510011Z');
INSERT INTO "category" ("id", "name") VALUES (1, 'name1');
INSERT INTO "category" ("id", "name") VALUES (2, 'name2');
INSERT INTO "category" ("id", "name") VALUES (3, 'name3');
INSERT INTO "product" ("id", "sku", "name", "price", "stock", "is_active", "created_at", "category_id") VALUES (1, 'sku1', 'name1', 'price1', 0, 1, '2026-12-03 23:29:06', 1);
INSERT INTO "product" ("id", "sku", "name", "price", "stock", "is_active", "created_at", "category_id") VALUES (2, 'sku2', 'name2', 'price2', 0, 1, '2026-12-03 23:29:06', 2);
INSERT INTO "product" ("id", "sku", "name", "price", "stock", "is_active", "created_at", "category_id") VALUES (3, 'sku3', 'name3', 'price3', 0, 1, '2026-12-03 23:29:06', 3);
INSERT INTO "sale" ("id", "receipt_no", "total", "payment_method", "created_at", "cashier_id") VALUES (1, 'receipt_no1', 'total1', 'hod1', '2026-12-03 23:29:06', 1);
INSERT INTO "sale" ("id", "receipt_no", "total", "payment_method", "created_at", "cashier_id") VALUES (2, 'receipt_no2', 'total2', 'hod2', '2026-12-03 23:29:06', 2);
INSERT INTO "sale" ("id", "receipt_no", "total", "payment_method", "created_at", "cashier_id") VALUES (3, 'receipt_no3', 'total3', 'hod3', '2026-12-03 23:29:06', 3);
INSERT INTO "saleitem" ("id", "quantity", "unit_price", "product_id", "sale_id") VALUES (1, 1, 'unit_price1', 1, 1);
INSERT INTO "saleitem" ("id", "quantity", "unit_price", "product_id", "sale_id") VALUES (2, 2, 'unit_price2', 2, 2);
INSERT INTO "saleitem" ("id", "quantity", "unit_price", "product_id", "sale_id") VALUES (3, 3, 'unit_price3', 3, 3);
INSERT INTO "data_migration_audit" ("id", "changeset_id", "table_name", "row_id", "column_name", "old_value", "new_value", "note", "migrated_at") VALUES (1, 'changeset_id1', 'table_name1', 'row_id1', 'column_name1', 'old_value1', 'new_value1', 'note1', '2026-12-03 23:29:06');
INSERT INTO "data_migration_audit" ("id", "changeset_id", "table_name", "row_id", "column_name", "old_value", "new_value", "note", "migrated_at") VALUES (2, 'changeset_id2', 'table_name2', 'row_id2', 'column_name2', 'old_value2', 'new_value2', 'note2', '2026-12-03 23:29:06');
INSERT INTO "data_migration_audit" ("id", "changeset_id", "table_name", "row_id", "column_name", "old_value", "new_value", "note", "migrated_at") VALUES (3, 'changeset_id3', 'table_name3', 'row_id3', 'column_name3', 'old_value3', 'new_value3', 'note3', '2026-12-03 23:29:06');
INSERT INTO "user" ("id", "username", "name", "pin_hash", "role", "is_active", "created_at", "updated_at") VALUES (1, 'username1', 'name1', 'pin_hash1', 'user', 1, '2026-12-03 23:29:06', '2026-12-03 23:29:06');
INSERT INTO "user" ("id", "username", "name", "pin_hash", "role", "is_active", "created_at", "updated_at") VALUES (2, 'username2', 'name2', 'pin_hash2', 'user', 1, '2026-12-03 23:29:06', '2026-12-03 23:29:06');
INSERT INTO "user" ("id", "username", "name", "pin_hash", "role", "is_active", "created_at", "updated_at") VALUES (3, 'username3', 'name3', 'pin_hash3', 'user', 1, '2026-12-03 23:29:06', '2026-12-03 23:29:06');
CREATE INDEX "idx_data_migration_audit_changeset" ON "data_migration_audit" ("changeset_id", "table_name", "row_id");
CREATE TRIGGER "data_migration_audit_no_update" BEFORE UPDATE ON "data_migration_audit"
BEGIN SELECT RAISE(ABORT, 'data_migration_audit is append-only'); END;
CREATE TRIGGER "data_migration_audit_no_delete" BEFORE DELETE ON "data_migration_audit"
BEGIN SELECT RAISE(ABORT, 'data_migration_audit is append-only'); END;
