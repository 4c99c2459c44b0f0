/** Entities that disagree with the changelog's schema, for the tests of a startup Hibernate refuses. */
package io.posdb.spring.boot.mismatch;
