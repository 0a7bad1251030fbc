/**
 * The scanner part of `sohoa-agent doctor`: scanimage installed, the devices SANE finds, and the
 * configured device (or the only one found) answering `scanimage -A`. A station that only takes
 * pages from the hot folder (vendor scanning software) needs none of it: without a configured
 * device, a missing scanimage or scanner is a warning, not a failure.
 */
import type { DoctorCheck } from './doctor-check.js';
import type { DeviceOptions, SaneDevice } from './sane/parse.js';
import {
  listDevices,
  readDeviceOptions,
  scanimageVersion,
  type ScanimageOptions,
} from './sane/scanimage.js';
import { ScannerError } from './sane/scanner-errors.js';

/** The three scanimage calls the checks make; replaceable in tests. */
export interface SaneProbe {
  version(): Promise<string>;
  devices(): Promise<SaneDevice[]>;
  options(device: string): Promise<DeviceOptions>;
}

/** The real scanimage. */
export const saneProbe = (o: ScanimageOptions = {}): SaneProbe => ({
  version: () => scanimageVersion(o),
  devices: () => listDevices(o),
  options: (device) => readDeviceOptions(device, o),
});

const why = (err: unknown): string =>
  err instanceof ScannerError
    ? `${err.message}${err.hint === undefined ? '' : ` → ${err.hint}`}`
    : err instanceof Error
      ? err.message
      : String(err);

/** The scanner checks, for `device` (from the configuration or --device) when one is set. */
export async function checkScanner(
  device: string | undefined,
  sane: SaneProbe,
): Promise<DoctorCheck[]> {
  const needed = device !== undefined;
  const missing = needed ? 'fail' : 'warn';
  let version: string;
  try {
    version = await sane.version();
  } catch (err) {
    return [
      {
        id: 'scanner',
        status: missing,
        message: needed
          ? `Máy quét ${device} đã cấu hình nhưng không chạy được scanimage: ${why(err)} / The scanner is configured but scanimage cannot run`
          : `Không có scanimage (gói sane-utils): trạm chỉ nhận trang từ thư mục quét / scanimage (sane-utils) is missing: this station takes hot-folder pages only (${why(err)})`,
      },
    ];
  }
  const checks: DoctorCheck[] = [];
  let found: SaneDevice[] = [];
  try {
    found = await sane.devices();
    checks.push(
      found.length > 0
        ? {
            id: 'scanner',
            status: 'ok',
            message: `${version}; tìm thấy ${found.length} máy quét / found ${found.length} scanner(s): ${found.map((d) => d.name).join(', ')}`,
          }
        : {
            id: 'scanner',
            status: missing,
            message: `${version}; không tìm thấy máy quét nào: bật máy, kiểm tra cáp và quyền truy cập / no scanner found: switch it on, check the cable and access rights`,
          },
    );
  } catch (err) {
    checks.push({
      id: 'scanner',
      status: missing,
      message: `Không liệt kê được máy quét / Cannot list the scanners: ${why(err)}`,
    });
  }

  const target = device ?? (found.length === 1 ? found[0]?.name : undefined);
  if (target === undefined) {
    if (found.length > 1) {
      checks.push({
        id: 'scanner-device',
        status: 'warn',
        message: `Có ${found.length} máy quét: chọn một bằng "scanner.device" trong tệp cấu hình hoặc --device / ${found.length} scanners: choose one with "scanner.device" in the configuration file or --device`,
      });
    }
    return checks;
  }
  try {
    const o = await sane.options(target);
    const r = o.resolution;
    const dpi = r === undefined ? '?' : r.kind === 'list' ? r.dpi.join(', ') : `${r.min}–${r.max}`;
    const duplex = o.duplexSource === undefined ? '' : ', hai mặt / duplex';
    checks.push({
      id: 'scanner-device',
      status: 'ok',
      message: `Máy quét ${target} trả lời: khay ${o.sources.join(', ') || '-'}${duplex}; chế độ ${o.modes.join(', ') || '?'}; ${dpi} dpi / The scanner answers`,
    });
  } catch (err) {
    checks.push({
      id: 'scanner-device',
      status: 'fail',
      message: `Máy quét ${target} không trả lời / The scanner ${target} does not answer: ${why(err)}`,
    });
  }
  return checks;
}
