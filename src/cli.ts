#!/usr/bin/env node
import { processIo } from './cli/cli-io.js';
import { runLgs } from './cli/lgs-program.js';

process.exitCode = await runLgs(process.argv.slice(2), processIo());
