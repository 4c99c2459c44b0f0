/**
 * The starter's tests: Spring Boot's own test support (ApplicationContextRunner, a real
 * SpringApplication) on real SQLite files under a temporary folder, in WAL and DELETE modes,
 * made from the legacy shop fixture the library's tests use ({@link io.posdb.spring.boot.Shops}).
 */
package io.posdb.spring.boot;
