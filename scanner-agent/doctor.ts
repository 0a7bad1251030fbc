/**
 * `sohoa-agent doctor`: checks a scanning station's setup (server, token, clock, disk, outbox,
 * inbox, and the scanner through doctor-scanner.ts) and prints one line per check, Vietnamese
 * first. Nothing here changes state on the server.
 */
import { statfs, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AgentConfig } from './config.js';
import type { ApiClient } from './client.js';
import { ApiError } from './client.js';
import { exists, writeFileAtomic } from './durable-fs.js';
import { rm, mkdir, readdir } from 'node:fs/promises';
import type { DoctorCheck } from './doctor-check.js';
import { checkScanner, saneProbe, type SaneProbe } from './doctor-scanner.js';

export type { DoctorCheck } from './doctor-check.js';

export interface DoctorDeps {
  api: Pick<ApiClient, 'livez' | 'probeToken'>;
  now?: () => number;
  /** Free bytes available to this user on the filesystem holding `path`. */
  freeBytes?: (path: string) => Promise<number>;
  /** scanimage; the real one when unset. */
  sane?: SaneProbe;
}

const GiB = 1024 ** 3;
/** Below this the outbox cannot hold a large dossier (200 colour A4 TIFFs at 300 dpi ≈ 5 GB). */
export const DISK_WARN_BYTES = 5 * GiB;
export const DISK_FAIL_BYTES = 1 * GiB;
/** Timestamps on records come from the server, but TLS and token expiry care about the clock. */
export const SKEW_WARN_MS = 30_000;
export const SKEW_FAIL_MS = 5 * 60_000;

const defaultFreeBytes = async (path: string): Promise<number> => {
  const s = await statfs(path);
  return s.bavail * s.bsize;
};

/**
 * Runs every check and returns them in a fixed order. Never throws for a failed check; a check
 * that cannot run is reported as `fail` or `warn` with the reason.
 */
export async function runDoctor(cfg: AgentConfig, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const a = cfg.agent;
  const now = deps.now ?? Date.now;
  const checks: DoctorCheck[] = [];

  let serverUp = false;
  const t0 = now();
  try {
    const live = await deps.api.livez();
    const t1 = now();
    const rtt = t1 - t0;
    serverUp = live.status === 200;
    checks.push(
      serverUp
        ? {
            id: 'server',
            status: 'ok',
            message: `Máy chủ ${a.serverUrl} phản hồi sau ${rtt} ms / Server ${a.serverUrl} answered in ${rtt} ms`,
          }
        : {
            id: 'server',
            status: 'fail',
            message: `Máy chủ ${a.serverUrl} trả lời /livez với HTTP ${live.status} / Server ${a.serverUrl} answered /livez with HTTP ${live.status}`,
          },
    );
    const serverMs = live.date === undefined ? NaN : Date.parse(live.date);
    if (Number.isNaN(serverMs)) {
      checks.push({
        id: 'clock',
        status: 'warn',
        message:
          'Máy chủ không gửi tiêu đề Date, không đo được lệch đồng hồ / The server sent no Date header, clock skew not measured',
      });
    } else {
      // The Date header has 1 s resolution and was stamped somewhere inside the round trip.
      const skew = Math.round((t0 + t1) / 2 - serverMs);
      const abs = Math.abs(skew);
      const secs = (skew / 1000).toFixed(1);
      const status = abs > SKEW_FAIL_MS ? 'fail' : abs > SKEW_WARN_MS ? 'warn' : 'ok';
      checks.push({
        id: 'clock',
        status,
        message:
          status === 'ok'
            ? `Đồng hồ lệch ${secs} s so với máy chủ / Clock is ${secs} s off the server`
            : `Đồng hồ lệch ${secs} s so với máy chủ, hãy đồng bộ giờ (NTP) / Clock is ${secs} s off the server, synchronise it (NTP)`,
      });
    }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    checks.push({ id: 'server', status: 'fail', message: msg });
  }

  if (!serverUp) {
    checks.push({
      id: 'token',
      status: 'warn',
      message:
        'Chưa kiểm tra được mã truy cập vì máy chủ không phản hồi / Token not checked: the server is not reachable',
    });
  } else {
    try {
      const r = await deps.api.probeToken();
      checks.push(
        r.status === 401 || r.status === 403
          ? {
              id: 'token',
              status: 'fail',
              message: `Máy chủ từ chối mã truy cập (HTTP ${r.status}${r.body ? `, ${r.body.code}` : ''}) / The server refused the token (HTTP ${r.status})`,
            }
          : r.status >= 500
            ? {
                id: 'token',
                status: 'warn',
                message: `Không xác minh được mã truy cập: máy chủ lỗi HTTP ${r.status} / Token not verified: the server failed with HTTP ${r.status}`,
              }
            : {
                id: 'token',
                status: 'ok',
                message: 'Máy chủ chấp nhận mã truy cập / The server accepts the token',
              },
      );
    } catch (err) {
      const msg = err instanceof ApiError ? err.message : String(err);
      checks.push({ id: 'token', status: 'warn', message: msg });
    }
  }

  const url = new URL(a.serverUrl);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    checks.push({
      id: 'transport',
      status: 'warn',
      message: `Kết nối ${url.host} không mã hóa (http): mã truy cập và tài liệu đi qua mạng dạng rõ / The connection to ${url.host} is not encrypted (http): token and documents cross the network in clear`,
    });
  }

  if (cfg.tokenSource.kind === 'file' && process.platform !== 'win32') {
    try {
      const mode = (await stat(cfg.tokenSource.path)).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        checks.push({
          id: 'token-file',
          status: 'warn',
          message: `Tệp mã truy cập ${cfg.tokenSource.path} cho người khác đọc được (quyền ${mode.toString(8)}), nên đặt 600 / The token file is readable by others (mode ${mode.toString(8)}); use 600`,
        });
      }
    } catch {
      // Already reported by the configuration, which read it.
    }
  }

  try {
    const probeDir = await nearestExisting(a.outboxDir);
    const free = await (deps.freeBytes ?? defaultFreeBytes)(probeDir);
    const gb = (free / GiB).toFixed(1);
    const status = free < DISK_FAIL_BYTES ? 'fail' : free < DISK_WARN_BYTES ? 'warn' : 'ok';
    checks.push({
      id: 'disk',
      status,
      message: `Còn trống ${gb} GiB cho hàng đợi ${a.outboxDir}${status === 'ok' ? '' : ', quá ít cho một hồ sơ lớn'} / ${gb} GiB free for the outbox${status === 'ok' ? '' : ', too little for a large dossier'}`,
    });
  } catch (err) {
    checks.push({
      id: 'disk',
      status: 'warn',
      message: `Không đo được dung lượng trống / Free space not measured: ${String(err)}`,
    });
  }

  try {
    await mkdir(a.outboxDir, { recursive: true });
    const probe = join(a.outboxDir, `.doctor-${process.pid}`);
    await writeFileAtomic(probe, 'ok');
    await rm(probe, { force: true });
    const pending = (await listOr(join(a.outboxDir, 'entries'))).filter((n) =>
      n.endsWith('.json'),
    ).length;
    const rejected = (await listOr(join(a.outboxDir, 'rejected'))).filter(
      (n) => !n.startsWith('.'),
    ).length;
    checks.push({
      id: 'outbox',
      status: rejected > 0 ? 'warn' : 'ok',
      message: `Hàng đợi ${a.outboxDir} ghi được; ${pending} tệp chờ gửi, ${rejected} tệp bị từ chối / Outbox writable; ${pending} waiting, ${rejected} rejected`,
    });
  } catch (err) {
    checks.push({
      id: 'outbox',
      status: 'fail',
      message: `Không ghi được vào hàng đợi ${a.outboxDir} / Cannot write to the outbox: ${String(err)}`,
    });
  }

  checks.push(...(await checkScanner(cfg.scanner.device, deps.sane ?? saneProbe())));

  checks.push(
    (await exists(a.inboxDir))
      ? {
          id: 'inbox',
          status: 'ok',
          message: `Thư mục quét ${a.inboxDir} có sẵn / Inbox folder exists`,
        }
      : {
          id: 'inbox',
          status: 'warn',
          message: `Chưa có thư mục quét ${a.inboxDir}, tác tử sẽ tạo khi chạy / The inbox folder does not exist yet; the agent creates it on start`,
        },
  );
  return checks;
}

const MARK = { ok: '✔', warn: '!', fail: '✘' } as const;

/** The report as printed: one line per check, then a verdict. */
export function formatDoctorReport(checks: readonly DoctorCheck[]): string {
  const lines = checks.map((c) => `${MARK[c.status]} ${c.message}`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push(
    failed === 0
      ? 'Trạm quét sẵn sàng / The station is ready'
      : `${failed} kiểm tra không đạt / ${failed} check(s) failed`,
  );
  return lines.join('\n');
}

async function nearestExisting(path: string): Promise<string> {
  let p = path;
  while (!(await exists(p))) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return p;
}

async function listOr(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
