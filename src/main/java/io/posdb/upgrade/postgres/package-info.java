/**
 * The PostgreSQL side of the upgrade: one till upgrades at a time under an advisory lock,
 * the whole upgrade one transaction (all or nothing); a changeset that breaks older releases is held back while
 * tills of an older release are connected (OlderTills).
 */
package io.posdb.upgrade.postgres;
