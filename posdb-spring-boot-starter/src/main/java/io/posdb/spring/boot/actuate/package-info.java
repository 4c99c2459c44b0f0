/**
 * posdb in Spring Boot Actuator, each part only when its module is on the classpath: the health
 * indicator {@code posdb} ({@link io.posdb.spring.boot.actuate.PosdbHealthIndicator}), the endpoint
 * {@code /actuator/posdb} ({@link io.posdb.spring.boot.actuate.PosdbEndpoint}) and the upgrade's
 * Micrometer meters ({@link io.posdb.spring.boot.actuate.PosdbMetrics}). Read-only: every check goes
 * through the library's {@code io.posdb.api.PosDatabaseChecks}.
 */
package io.posdb.spring.boot.actuate;
