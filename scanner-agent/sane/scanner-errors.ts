/**
 * Device errors from `scanimage`'s stderr mapped to stable codes, a Vietnamese-first message and
 * what the operator should do. scanimage prints `scanimage: <call>: <sane_strstatus()>`; the
 * status strings are SANE's own (sanei/sanei_constrain_value.c, backend/dll.c `sane_strstatus`),
 * the same for every backend, so matching them is stable.
 */
import { AgentError } from '../errors.js';

/** A scanner failure the operator has to act on. Codes are `scanner.<reason>`. */
export class ScannerError extends AgentError {
  override name = 'ScannerError';
}

/** The reasons {@link classifyScanimageError} tells apart. */
export type ScannerErrorCode =
  | 'scanner.jammed'
  | 'scanner.no_docs'
  | 'scanner.busy'
  | 'scanner.cover_open'
  | 'scanner.device_gone'
  | 'scanner.io_error'
  | 'scanner.access_denied'
  | 'scanner.no_memory'
  | 'scanner.option_invalid'
  | 'scanner.no_devices'
  | 'scanner.not_installed'
  | 'scanner.cancelled'
  | 'scanner.failed';

interface Rule {
  code: ScannerErrorCode;
  match: RegExp;
  vi: string;
  en: string;
  hint: string;
  retryable: boolean;
}

// Order matters: the first rule whose pattern occurs in stderr wins, and option errors
// ("setting of option --mode failed (Invalid argument)") must win over the generic one.
const RULES: Rule[] = [
  {
    code: 'scanner.option_invalid',
    match: /setting of option (\S+) failed/i,
    vi: 'Máy quét không nhận thiết lập',
    en: 'The scanner refused a setting',
    hint: 'Chạy "sohoa-agent devices" để xem độ phân giải, chế độ màu và khay giấy máy hỗ trợ / Run "sohoa-agent devices" to see the resolutions, modes and sources the device supports',
    retryable: false,
  },
  {
    code: 'scanner.jammed',
    match: /Document feeder jammed|SANE_STATUS_JAMMED/i,
    vi: 'Kẹt giấy trong khay nạp',
    en: 'Paper jam in the document feeder',
    hint: 'Mở khay nạp, gỡ tờ bị kẹt (không xé), kiểm tra trang cuối đã quét, đặt lại các tờ chưa quét rồi quét tiếp cùng mã hồ sơ / Open the feeder, free the jammed sheet without tearing it, check the last scanned page, reload the sheets not yet scanned and scan again with the same dossier code',
    retryable: true,
  },
  {
    code: 'scanner.no_docs',
    match: /Document feeder out of documents|SANE_STATUS_NO_DOCS|no documents/i,
    vi: 'Khay nạp giấy trống',
    en: 'The document feeder is empty',
    hint: 'Đặt tài liệu vào khay nạp (mặt cần quét theo hướng dẫn của máy) rồi quét lại / Put the sheets into the feeder (face as the scanner expects) and scan again',
    retryable: true,
  },
  {
    code: 'scanner.busy',
    match: /Device busy|SANE_STATUS_DEVICE_BUSY/i,
    vi: 'Máy quét đang bận (một chương trình khác đang dùng)',
    en: 'The scanner is busy (another program is using it)',
    hint: 'Đóng chương trình quét khác (hoặc chờ lần quét trước xong) rồi thử lại; nếu vẫn bận, tắt rồi bật lại máy quét / Close the other scanning program (or wait for the previous scan) and retry; if it stays busy, power-cycle the scanner',
    retryable: true,
  },
  {
    code: 'scanner.cover_open',
    match: /Scanner cover is open|SANE_STATUS_COVER_OPEN/i,
    vi: 'Nắp máy quét đang mở',
    en: 'The scanner cover is open',
    hint: 'Đóng nắp (và khay nạp giấy) cho khớp rồi quét lại / Close the cover (and the feeder) firmly and scan again',
    retryable: true,
  },
  {
    code: 'scanner.device_gone',
    match: /open of device .* failed|Invalid argument|SANE_STATUS_INVAL/i,
    vi: 'Không mở được máy quét (máy đã tắt, bị rút cáp hoặc vừa khởi động lại nên đổi tên)',
    en: 'Cannot open the scanner (switched off, unplugged, or renamed after a power cycle)',
    hint: 'Kiểm tra máy quét đã bật và cắm cáp, chạy "sohoa-agent devices" để lấy lại tên thiết bị rồi quét lại với --device mới / Check the scanner is on and plugged in, run "sohoa-agent devices" for its current name and scan again with that --device',
    retryable: true,
  },
  {
    code: 'scanner.io_error',
    match: /Error during device I\/O|SANE_STATUS_IO_ERROR/i,
    vi: 'Mất kết nối với máy quét trong khi quét',
    en: 'The connection to the scanner failed during the scan',
    hint: 'Kiểm tra cáp USB/mạng, tắt rồi bật lại máy quét, chạy "sohoa-agent devices" rồi quét lại các tờ chưa có / Check the USB or network cable, power-cycle the scanner, run "sohoa-agent devices" and scan the missing sheets again',
    retryable: true,
  },
  {
    code: 'scanner.access_denied',
    match: /Access to resource has been denied|SANE_STATUS_ACCESS_DENIED|Permission denied/i,
    vi: 'Không có quyền dùng máy quét',
    en: 'Access to the scanner was denied',
    hint: 'Thêm tài khoản chạy tác tử vào nhóm "scanner" (hoặc "lp") rồi đăng nhập lại / Add the account running the agent to the "scanner" (or "lp") group and log in again',
    retryable: false,
  },
  {
    code: 'scanner.no_memory',
    match: /Out of memory|SANE_STATUS_NO_MEM/i,
    vi: 'Máy quét hoặc máy tính hết bộ nhớ',
    en: 'The scanner or the computer ran out of memory',
    hint: 'Giảm độ phân giải hoặc quét ít tờ hơn mỗi lần; khởi động lại máy quét / Lower the resolution or scan fewer sheets at a time; restart the scanner',
    retryable: true,
  },
  {
    code: 'scanner.cancelled',
    match: /Operation was cancelled|SANE_STATUS_CANCELLED/i,
    vi: 'Lần quét bị hủy',
    en: 'The scan was cancelled',
    hint: 'Quét lại các tờ chưa có / Scan the missing sheets again',
    retryable: true,
  },
  {
    code: 'scanner.no_devices',
    match: /no SANE devices found|No scanners were identified/i,
    vi: 'Không tìm thấy máy quét nào',
    en: 'No scanner was found',
    hint: 'Bật và cắm máy quét, kiểm tra bằng "scanimage -L" (cần gói sane-utils và driver của hãng) / Switch on and plug in the scanner, check with "scanimage -L" (needs sane-utils and the vendor backend)',
    retryable: true,
  },
];

/** The `scanimage:` lines of stderr, which carry SANE's status text. */
export function errorLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(
      (l) => l.startsWith('scanimage:') || /SANE_STATUS_|No scanners were identified/.test(l),
    );
}

/** The code for a stderr text, or `scanner.failed` when nothing known matches. */
export function classifyScanimageError(stderr: string): ScannerErrorCode {
  const text = errorLines(stderr).join('\n') || stderr;
  return RULES.find((r) => r.match.test(text))?.code ?? 'scanner.failed';
}

/** True when stderr says the feeder ran out of paper (the normal end of an ADF batch). */
export const isFeederEmpty = (stderr: string): boolean =>
  classifyScanimageError(stderr) === 'scanner.no_docs';

/**
 * The operator-facing error for a scanimage failure. `device` and `pagesDone` go into the message
 * so that the operator knows which scanner and how far the stack got.
 *
 * @example
 * throw scannerError(stderr, { device: 'fujitsu:fi-7160:1', pagesDone: 12, exitCode: 6 })
 */
export function scannerError(
  stderr: string,
  o: { device: string; pagesDone: number; exitCode: number | null },
): ScannerError {
  const code = classifyScanimageError(stderr);
  const rule = RULES.find((r) => r.code === code);
  const detail = errorLines(stderr).join(' | ') || stderr.trim().split('\n').pop() || '';
  const done =
    o.pagesDone > 0
      ? ` Đã quét xong ${o.pagesDone} trang; các trang này được giữ lại. / ${o.pagesDone} pages were scanned and are kept.`
      : '';
  if (rule === undefined) {
    return new ScannerError('scanner.failed', {
      message: `Máy quét ${o.device} báo lỗi (mã thoát ${o.exitCode ?? '?'}): ${detail} / The scanner ${o.device} failed (exit ${o.exitCode ?? '?'}): ${detail}.${done}`,
      hint: 'Kiểm tra máy quét rồi quét lại; nếu lỗi lặp lại, chạy "sohoa-agent doctor" và báo cho kỹ thuật / Check the scanner and scan again; if it repeats, run "sohoa-agent doctor" and tell support',
      retryable: true,
    });
  }
  const option = code === 'scanner.option_invalid' ? (rule.match.exec(detail)?.[1] ?? '') : '';
  const suffix = option === '' ? '' : ` (${option})`;
  return new ScannerError(code, {
    message: `${rule.vi}${suffix} — ${o.device}. / ${rule.en}${suffix} — ${o.device}.${done} [${detail}]`,
    hint: rule.hint,
    retryable: rule.retryable,
  });
}

/** `scanimage` is not installed (spawn ENOENT). */
export const notInstalled = (cause: unknown): ScannerError =>
  new ScannerError('scanner.not_installed', {
    message: 'Chưa cài chương trình scanimage / scanimage is not installed',
    hint: 'Cài gói sane-utils: sudo apt-get install --no-install-recommends sane-utils / Install the sane-utils package',
    retryable: false,
    cause,
  });
