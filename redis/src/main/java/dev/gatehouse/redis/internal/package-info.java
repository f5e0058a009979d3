/** The Lettuce implementation of the Redis backplane; not an API. */
package dev.gatehouse.redis.internal;
