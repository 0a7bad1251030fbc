/** Which device, and which of its own option values, a scan request means. */
import {
  resolutionAllowed,
  resolveSource,
  type DeviceOptions,
  type ResolutionSupport,
} from './parse.js';
import { listDevices, type ScanimageOptions } from './scanimage.js';
import { ScannerError } from './scanner-errors.js';

const describeResolutions = (r: ResolutionSupport | undefined): string =>
  r === undefined
    ? '?'
    : r.kind === 'list'
      ? r.dpi.join(', ')
      : `${r.min}–${r.max}${r.step === undefined ? '' : ` (bước ${r.step} / step ${r.step})`}`;

/** Chooses the device's own values for the request; throws `scanner.option_invalid` if unsupported. */
export function chooseSettings(
  device: string,
  o: DeviceOptions,
  req: { resolution: number; mode: string | undefined; source: string },
): { source: string | undefined; mode: string | undefined; single: boolean } {
  const problems: string[] = [];
  let source: string | undefined;
  if (o.sources.length === 0) {
    // A device without a source option has one way in; only ask for an ADF if it says so.
    if (req.source.toLowerCase() !== 'flatbed' && req.source.toLowerCase() !== 'adf')
      problems.push(
        `khay giấy / source "${req.source}": máy không có lựa chọn khay / no source option`,
      );
  } else {
    source = resolveSource(o, req.source);
    if (source === undefined)
      problems.push(
        `khay giấy / source "${req.source}": máy có / the device has ${o.sources.map((s) => `"${s}"`).join(', ')}`,
      );
  }
  let mode: string | undefined;
  if (req.mode !== undefined) {
    mode = o.modes.find((m) => m.toLowerCase() === req.mode?.toLowerCase());
    if (mode === undefined && req.mode.toLowerCase() === 'lineart')
      mode = o.modes.find((m) => /binary|black|halftone|lineart/i.test(m));
    if (mode === undefined)
      problems.push(
        `chế độ màu / mode "${req.mode}": máy có / the device has ${o.modes.join(', ') || '?'}`,
      );
  }
  if (o.resolution !== undefined && !resolutionAllowed(o.resolution, req.resolution)) {
    problems.push(
      `độ phân giải / resolution ${req.resolution}: máy nhận / the device accepts ${describeResolutions(o.resolution)} dpi`,
    );
  }
  if (problems.length > 0) {
    throw new ScannerError('scanner.option_invalid', {
      message: `Máy quét ${device} không hỗ trợ thiết lập đã chọn / The scanner ${device} does not support: ${problems.join('; ')}`,
      hint: 'Chạy "sohoa-agent devices" để xem máy hỗ trợ gì / Run "sohoa-agent devices" to see what it supports',
      retryable: false,
    });
  }
  const single =
    source === undefined ? req.source.toLowerCase() === 'flatbed' : source === o.flatbedSource;
  return { source, mode, single };
}

/** Picks the device: the one asked for, or the only one SANE finds. */
export async function pickDevice(
  req: { device: string | undefined },
  sc: ScanimageOptions,
): Promise<string> {
  if (req.device !== undefined) return req.device;
  const found = await listDevices(sc);
  if (found.length === 1 && found[0] !== undefined) return found[0].name;
  if (found.length === 0) {
    throw new ScannerError('scanner.no_devices', {
      message: 'Không tìm thấy máy quét nào / No scanner was found',
      hint: 'Bật và cắm máy quét rồi chạy "sohoa-agent devices" / Switch on and plug in the scanner, then run "sohoa-agent devices"',
      retryable: true,
    });
  }
  throw new ScannerError('scanner.choose_device', {
    message: `Có ${found.length} máy quét, hãy chọn một bằng --device / ${found.length} scanners found, choose one with --device: ${found.map((d) => d.name).join(', ')}`,
    hint: 'Ví dụ / Example: sohoa-agent scan --dossier HS-001 --device "<tên / name>"',
    retryable: false,
  });
}
