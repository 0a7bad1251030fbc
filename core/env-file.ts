/**
 * Settings from a `.env` file in the working directory, for every entry point (api, worker,
 * agent, CLI, npm start / up). Variables already set in the environment win, so a deployment's
 * own environment (docker compose, systemd) is never overridden by a stray file. Node's own
 * parser (process.loadEnvFile, Node ≥ 20.12) reads it: no dependency needed.
 */
import { existsSync } from 'node:fs';
import { loadEnvFile } from 'node:process';

export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) loadEnvFile(path);
}
