/**
 * One agent per outbox. Two agents sharing an outbox would hand out the same seqs twice, so the
 * second one must refuse to start. The lock is a file holding the owner's pid; a lock left by a
 * process that no longer runs (power cut, kill -9) is taken over.
 */
import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { AgentError, errnoCode } from './errors.js';

/** A held lock; {@link release} it on a clean stop. */
export interface OutboxLock {
  release(): Promise<void>;
}

/** Locks this process holds, so two agent objects in one process also exclude each other. */
const held = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
};

/**
 * Takes the lock file at `path`. Throws `outbox.locked` when another live process on this machine
 * holds it.
 */
export async function lockOutbox(path: string): Promise<OutboxLock> {
  if (held.has(path)) throw lockedError(path, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
      await fh.sync();
      await fh.close();
      held.add(path);
      return {
        release: async () => {
          held.delete(path);
          await rm(path, { force: true });
        },
      };
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    const owner = await readOwner(path);
    if (owner !== undefined && owner.host !== hostname())
      throw lockedError(path, owner.pid, owner.host);
    if (owner !== undefined && owner.pid !== process.pid && alive(owner.pid)) {
      throw lockedError(path, owner.pid);
    }
    // Left by a process that is gone (power cut, kill -9), or unreadable because it died mid-write.
    await rm(path, { force: true });
  }
  throw new AgentError('outbox.locked', {
    message: `Không lấy được khóa ${path} / Could not take the outbox lock ${path}`,
    retryable: false,
  });
}

async function readOwner(path: string): Promise<{ pid: number; host: string } | undefined> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof v.pid === 'number' && typeof v.host === 'string'
      ? { pid: v.pid, host: v.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function lockedError(path: string, pid: number, host?: string): AgentError {
  const vi = host === undefined ? `pid ${pid}` : `pid ${pid}, máy ${host}`;
  const en = host === undefined ? `pid ${pid}` : `pid ${pid}, host ${host}`;
  return new AgentError('outbox.locked', {
    message: `Thư mục hàng đợi ${path} đang được tác tử khác dùng (${vi}) / The outbox ${path} is in use by another agent (${en})`,
    hint: `Chỉ chạy một tác tử cho mỗi thư mục AGENT_OUTBOX; nếu chắc chắn không còn tác tử nào, xóa ${path} / Run one agent per AGENT_OUTBOX folder; if you are sure none is running, delete ${path}`,
    retryable: false,
  });
}
