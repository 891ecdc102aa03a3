import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.LGS_IMPORT_LOG) appendFileSync(process.env.LGS_IMPORT_LOG, result.url + '\n');
  return result;
}
