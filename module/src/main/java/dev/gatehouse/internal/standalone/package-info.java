/**
 * Internal: the standalone server on Tyrus and Grizzly, and the Grizzly filter in front of Tyrus
 * (connection limits, handshake deadline, refusals as HTTP responses, the RFC 6455 frame guard), and
 * the opt-in status page. Not API.
 */
package dev.gatehouse.internal.standalone;
