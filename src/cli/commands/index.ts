import type { RegisterCommand } from './types.js';
import { registerCheck } from './check.js';
import { registerGate } from './gate.js';
import { registerScan } from './scan.js';
import { registerDemo } from './demo.js';
import { registerInit } from './init.js';
import { registerSchema } from './schema.js';
import { registerValidate } from './validate.js';
import { registerServe } from './serve.js';
import { registerHeartbeat } from './heartbeat.js';

/** Every CLI command, one line each, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerCheck,
  registerGate,
  registerScan,
  registerDemo,
  registerInit,
  registerValidate,
  registerSchema,
  registerServe,
  registerHeartbeat,
];
