/**
 * How a command-line entry point ends: the exit code `main` returns, or, when it throws, the
 * error's code, message and hint (an AppError: something the user can fix) or its stack (a bug),
 * and exit code 1.
 */
import { AppError } from './errors.js';

export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof AppError) {
        process.stderr.write(`${err.code}: ${err.message}\n${err.hint ?? ''}\n`);
      } else {
        process.stderr.write(
          `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
      }
      process.exitCode = 1;
    },
  );
}
