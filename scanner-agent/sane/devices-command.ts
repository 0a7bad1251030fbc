/** `sohoa-agent devices`: the scanners SANE finds and what each supports, for the operator. */
import type { DeviceOptions, SaneDevice } from './parse.js';
import { listDevices, readDeviceOptions, type ScanimageOptions } from './scanimage.js';
import { ScannerError } from './scanner-errors.js';

export interface DeviceReport {
  device: SaneDevice;
  options: DeviceOptions | undefined;
  error: ScannerError | Error | undefined;
}

/** Lists devices and reads the options of each; a device that fails to open is reported, not fatal. */
export async function inspectDevices(o: ScanimageOptions = {}): Promise<DeviceReport[]> {
  const reports: DeviceReport[] = [];
  for (const device of await listDevices(o)) {
    try {
      reports.push({ device, options: await readDeviceOptions(device.name, o), error: undefined });
    } catch (err) {
      reports.push({
        device,
        options: undefined,
        error: err instanceof Error ? err : new Error(String(err)),
      });
    }
  }
  return reports;
}

/** Text for the terminal, Vietnamese first. */
export function formatDevices(reports: readonly DeviceReport[]): string {
  if (reports.length === 0) {
    return 'Không tìm thấy máy quét nào / No scanner was found\n  Bật và cắm máy quét, kiểm tra bằng "scanimage -L" / Switch on and plug in the scanner, check with "scanimage -L"';
  }
  const out: string[] = [];
  for (const { device, options, error } of reports) {
    out.push(
      `${device.name}  (${[device.vendor, device.model, device.type].filter(Boolean).join(' · ')})`,
    );
    if (options === undefined) {
      const hint =
        error instanceof ScannerError && error.hint !== undefined ? `\n    ${error.hint}` : '';
      out.push(`  lỗi / error: ${error?.message ?? '?'}${hint}`);
      continue;
    }
    const r = options.resolution;
    const res =
      r === undefined
        ? '?'
        : r.kind === 'list'
          ? r.dpi.join(', ')
          : `${r.min}–${r.max}${r.step === undefined ? '' : ` (bước / step ${r.step})`}`;
    out.push(`  độ phân giải / resolution: ${res} dpi`);
    out.push(`  chế độ màu / modes: ${options.modes.join(', ') || '?'}`);
    out.push(`  khay giấy / sources: ${options.sources.map((s) => `"${s}"`).join(', ') || '-'}`);
    const feeds = [
      options.adfSource === undefined ? undefined : `ADF → "${options.adfSource}"`,
      options.duplexSource === undefined ? undefined : `ADF Duplex → "${options.duplexSource}"`,
      options.flatbedSource === undefined ? undefined : `Flatbed → "${options.flatbedSource}"`,
    ].filter((x) => x !== undefined);
    if (feeds.length > 0) out.push(`  --source: ${feeds.join(', ')}`);
  }
  return out.join('\n');
}
