/**
 * What an operation reports back: plain records built by the layer that did the work and returned
 * by the api as they are ({@code RehearsalReport}, {@code ReleasedLocks}, {@code TransferredTable},
 * {@code UpgradeRun} with its {@code UpgradeStep}s: the record of each upgrade or rollback),
 * so each result has one type from the database up to the command line's JSON; and the listener an
 * operation tells how far it is ({@code UpgradeProgress}, issue 22 §4), which the api takes in its settings. They sit below the
 * upgrade flow, the runner and the transfer (which build them) and the api (which returns them),
 * and depend only on the changelog's read models; {@code DriftDifference} is a schema difference as drift's
 * and the doctor's JSON both give it;
 * the command line reads them.
 */
package io.posdb.report;
