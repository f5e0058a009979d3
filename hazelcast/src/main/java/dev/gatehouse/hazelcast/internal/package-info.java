/** The Hazelcast implementation of the backplane; not an API. */
package dev.gatehouse.hazelcast.internal;
