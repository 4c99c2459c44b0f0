/**
 * posdb's Spring Boot auto-configuration: the {@code posdb.*} properties ({@link
 * io.posdb.spring.boot.autoconfigure.PosdbProperties}), the upgrade before JPA with posdb's pool as
 * the DataSource ({@link io.posdb.spring.boot.autoconfigure.PosdbAutoConfiguration}) or the application's own
 * DataSource checked to be on posdb's database ({@code
 * PosdbApplicationDataSourceCheck}), the boot's duration line ({@code
 * PosdbBootDuration}), Spring's own
 * Liquibase switched off for posdb's database ({@link
 * io.posdb.spring.boot.autoconfigure.PosdbSpringLiquibaseOff}), and posdb's failures ending
 * startup with posdb's message and exit code ({@link io.posdb.spring.boot.autoconfigure.PosdbStartupFailure},
 * {@link io.posdb.spring.boot.autoconfigure.PosdbFailureAnalyzer}, {@link io.posdb.spring.boot.autoconfigure.PosdbExitCode}).
 * Everything posdb does is reached through the library's api ({@code io.posdb.api}).
 */
package io.posdb.spring.boot.autoconfigure;
