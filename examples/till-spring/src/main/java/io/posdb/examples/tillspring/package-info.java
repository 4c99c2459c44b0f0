/**
 * The till-spring example: a Spring Boot till service on posdb's starter (the application, the
 * till's work through JPA with posdb's entities, its REST calls).
 */
package io.posdb.examples.tillspring;
