import { readEnvironment } from '../config/environment.js';
import { createLogger } from '../log.js';
import { createServices, type Services } from '../services/services.js';
import type { CliIo } from './cli-io.js';

/** Runs one command's work on the shared services, closing every client it opened afterwards. */
export async function withServices<T>(io: CliIo, work: (services: Services) => Promise<T>): Promise<T> {
  const environment = readEnvironment(io.env);
  const services = createServices(environment, createLogger(environment.LOG_LEVEL));
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}
