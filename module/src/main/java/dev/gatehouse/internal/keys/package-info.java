/** Internal: key material read from files with the JDK (PEM private keys). Not API. */
package dev.gatehouse.internal.keys;
