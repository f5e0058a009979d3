/**
 * The Redis backplane of Gatehouse: several nodes as one cluster over Redis pub/sub (classic or
 * sharded), with room presence kept in Redis. Add the {@code gatehouse-redis} artifact and set
 * {@code gatehouse.cluster.redis.uri}; {@link dev.gatehouse.redis.RedisBackplaneProvider} is found
 * with {@link java.util.ServiceLoader}, or build one with
 * {@link dev.gatehouse.redis.RedisBackplane#builder()}, every setting typed.
 */
package dev.gatehouse.redis;
