/** Internal: frames as text, in and out (PROTOCOL.md §2 and §3), with the limits that keep hostile frames cheap. Not API. */
package dev.gatehouse.internal.codec;
