/** Internal: the container-neutral WebSocket endpoint glue (Jakarta WebSocket session to Gatehouse connection). Not API. */
package dev.gatehouse.internal.endpoint;
