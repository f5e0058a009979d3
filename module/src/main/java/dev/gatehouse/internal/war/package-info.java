/** Internal: Gatehouse in a WAR (servlet container initializer, handshake filter, CDI discovery, MicroProfile Config). Not API. */
package dev.gatehouse.internal.war;
