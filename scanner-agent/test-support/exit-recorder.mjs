// Runs a program in the test terminal and records how it ended, for TmuxTerminal: tmux 3.3a
// sometimes leaves an exited pane process unreaped (a zombie), so its #{pane_dead_status} stays
// empty; this parent always waits for its child. Usage: exit-recorder.mjs DIR PROGRAM ARGS...
// Writes DIR/pid (the program's pid, for signals) and, once it ends, DIR/exit as JSON
// {"code": n} or {"signal": "SIGINT"}.
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, program, ...args] = process.argv.slice(2);
if (dir === undefined || program === undefined) {
  process.stderr.write('usage: exit-recorder.mjs DIR PROGRAM ARGS...\n');
  process.exit(2);
}
// Ctrl-C in cooked mode signals the whole foreground group: the program decides, not this parent.
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => undefined);
const child = spawn(program, args, { stdio: 'inherit' });
writeFileSync(join(dir, 'pid'), String(child.pid));
child.on('exit', (code, signal) => {
  // Written aside, then renamed: the test never reads half a file.
  writeFileSync(join(dir, 'exit.tmp'), JSON.stringify(signal === null ? { code } : { signal }));
  renameSync(join(dir, 'exit.tmp'), join(dir, 'exit'));
  process.exit(code ?? 1);
});
