/**
 * Full-jitter exponential backoff: a delay drawn uniformly from [0, min(maxMs, minMs * 2^attempt)).
 *
 * @param attempt 0 for the first retry after a connection was ready
 * @param minMs the base delay
 * @param maxMs the cap
 * @param random a source of numbers in [0, 1), Math.random by default
 */
export function fullJitterDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, minMs * Math.pow(2, Math.max(0, Math.min(attempt, 52))));
  return Math.floor(random() * cap);
}
