import { Redis } from 'ioredis';
import { ConnectionError } from '../errors.js';
import { redactUrl } from '../text/redact-url.js';

const CHECK_TIMEOUT_MS = 3_000;

/**
 * One PING with a short time limit and no retries. The queue's own connection retries for ever (right for
 * a Redis that restarts), which turns a wrong REDIS_URL into a silent hang; this says it at once.
 */
export async function checkRedis(url: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    commandTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Failures arrive as the rejections below; without a listener ioredis would also print them.
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const reason = (error as Error).message || (error as { code?: string }).code || String(error);
    throw new ConnectionError(`cannot reach Redis at ${redactUrl(url)}: ${reason}`, { redis: redactUrl(url) }, { cause: error });
  } finally {
    probe.disconnect();
  }
}
