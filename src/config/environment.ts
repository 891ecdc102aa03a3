import { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Everything the service reads from the environment. Secrets (database URL, later SMTP credentials) live
 * here and never in YAML config files.
 */
export const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LGS_HOME: z.string().min(1).default('.lgs'),
  /** The Chromium (or Chrome) binary that prints PDFs; found in the usual places when unset. */
  CHROME_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`, { source: 'environment', problems });
  }
  return parsed.data;
}
