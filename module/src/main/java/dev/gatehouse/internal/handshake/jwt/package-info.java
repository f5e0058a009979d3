/** Internal: the default token verifier on jjwt (keys, algorithms, claims, JWE, the verified-token cache). Not API. */
package dev.gatehouse.internal.handshake.jwt;
