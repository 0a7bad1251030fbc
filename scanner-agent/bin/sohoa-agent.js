#!/usr/bin/env node
// `sohoa-agent` (package.json "bin"): runs scanner-agent/main.ts in this process through tsx, a
// dependency, so `npx sohoa-agent doctor` works from a checkout without a build step. In-process
// (not a child node) so the operator's terminal, Ctrl-C and the exit code reach the agent as is.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
