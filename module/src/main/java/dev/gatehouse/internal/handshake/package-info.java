/**
 * Internal, stage 1 of a connection: the checks before an upgrade completes (origin, token, groups)
 * and the HTTP answer to a refusal, independent of the container. Not API.
 */
package dev.gatehouse.internal.handshake;
