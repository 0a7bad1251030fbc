/**
 * What the parts of the operator's session share: its collaborators, the way it ends, and how an
 * error is shown to the operator.
 */
import type { Logger } from 'pino';
import type { AgentSettings } from '../agent.js';
import type { ApiClient } from '../client.js';
import type { SessionFlags } from '../config.js';
import { AgentError } from '../errors.js';
import type { ScanimageOptions } from '../sane/scanimage.js';
import type { Screen } from './terminal-ui.js';

export interface SessionDeps {
  agent: AgentSettings;
  /** The session's log goes to a file: the screen belongs to the operator. */
  log: Logger;
  api: Pick<ApiClient, 'listDossiers' | 'getDossier'>;
  flags: SessionFlags;
  screen: Screen;
  scanimage?: ScanimageOptions;
  /** Extra scanimage options (tests: `--test-picture`). */
  extraArgs?: readonly string[];
  /**
   * Aborted by the entry point on SIGINT / SIGTERM. Ctrl-C reaches the process as a signal
   * whenever no prompt holds the terminal in raw mode (during a scan, between two prompts); the
   * session then stops as it does for Ctrl-C at a prompt: the agent stopped, exit code 130.
   */
  interrupt?: AbortSignal;
}

/** The operator pressed Ctrl-C or chose to quit. */
export class Quit extends Error {}

/** The prompts' streams, and the session's interrupt (a prompt ends with AbortPromptError). */
export type PromptContext = {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  signal?: AbortSignal;
};

/** An error for the operator: message, then what to do. */
export function printError(say: (text?: string) => void, err: unknown): void {
  if (err instanceof AgentError) {
    say(`LỖI / ERROR [${err.code}] ${err.message}`);
    if (err.hint !== undefined) say(`→ ${err.hint}`);
  } else say(`LỖI / ERROR ${err instanceof Error ? err.message : String(err)}`);
}
