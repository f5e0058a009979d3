/**
 * The Redis backplane of Gatehouse: several nodes as one cluster over Redis pub/sub (classic or
 * sharded), with room presence kept in Redis. Add the {@code gatehouse-redis} artifact and set
 * {@code gatehouse.cluster.redis.uri}; {@link dev.gatehouse.redis.RedisBackplaneProvider} is found
 * with {@link java.util.ServiceLoader}.
 */
package dev.gatehouse.redis;
