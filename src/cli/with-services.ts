import { resolve } from 'node:path';
import { readEnvironment } from '../config/environment.js';
import { EmptyWarehouseError } from '../errors.js';
import { redactUrl } from '../text/redact-url.js';
import { createLogger } from '../log.js';
import { createServices, type Services } from '../services/services.js';
import type { CliIo } from './cli-io.js';

/** Runs one command's work on the shared services, closing every client it opened afterwards. */
export async function withServices<T>(io: CliIo, work: (services: Services) => Promise<T>): Promise<T> {
  const environment = readEnvironment(io.env);
  const services = createServices(environment, createLogger(environment.LOG_LEVEL));
  try {
    return await work(services);
  } catch (error) {
    if (error instanceof EmptyWarehouseError) {
      const database = environment.DATABASE_URL ? redactUrl(environment.DATABASE_URL) : resolve(environment.LGS_HOME, 'pglite');
      throw new EmptyWarehouseError(`${error.message} (database: ${database})`, { ...error.context, database });
    }
    throw error;
  } finally {
    await services.close();
  }
}
