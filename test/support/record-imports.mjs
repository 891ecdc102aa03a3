// Loaded with `node --import`: records the URL of every module the process resolves into the file named
// by LGS_IMPORT_LOG, so a test can say which packages a command loaded.
import { register } from 'node:module';

register(new URL('./record-imports-hooks.mjs', import.meta.url));
