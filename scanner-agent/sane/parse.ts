/**
 * Parsers for what `scanimage` prints: the device list (`-f` with our own separators), a device's
 * options (`-A`) and the page lines of `--batch-print`. Pure functions over strings; the golden
 * inputs in `parse.test.ts` are real outputs.
 */

/** Field and record separators we ask `scanimage -f` for: control characters no name contains. */
export const FIELD_SEP = '\x1f';
export const RECORD_SEP = '\x1e';

/** The `-f` format string: device, vendor, model, type. */
export const DEVICE_LIST_FORMAT = `%d${FIELD_SEP}%v${FIELD_SEP}%m${FIELD_SEP}%t${RECORD_SEP}`;

export interface SaneDevice {
  /** The name to pass to `-d`, e.g. `fujitsu:fi-7160:1234` or `test:0`. */
  name: string;
  vendor: string;
  model: string;
  type: string;
}

/**
 * Reads the output of `scanimage -f DEVICE_LIST_FORMAT`. Names may hold spaces, colons, `|`,
 * brackets or non-ASCII: only the control-character separators split. Empty records are skipped.
 */
export function parseDeviceList(out: string): SaneDevice[] {
  const devices: SaneDevice[] = [];
  for (const record of out.split(RECORD_SEP)) {
    const r = record.replace(/^[\r\n]+|[\r\n]+$/g, '');
    if (r.trim() === '') continue;
    const [name = '', vendor = '', model = '', type = ''] = r.split(FIELD_SEP);
    if (name.trim() === '') continue;
    devices.push({ name, vendor: vendor.trim(), model: model.trim(), type: type.trim() });
  }
  return devices;
}

/** The value constraint of one option as `-A` prints it. */
export type OptionConstraint =
  | { kind: 'list'; values: string[]; unit: string }
  | { kind: 'range'; min: number; max: number; step: number | undefined; unit: string }
  | { kind: 'free'; text: string };

/** One option line of `scanimage -A`. */
export interface RawOption {
  /** As written: `--mode`, `-l`. */
  flag: string;
  constraint: OptionConstraint;
  /** The text between brackets: the current value, or `inactive` / `advanced`. */
  current: string | undefined;
  inactive: boolean;
  /** A sensor or read-only value (`[read-only]`, `[hardware]`): cannot be set. */
  readOnly: boolean;
  /** The `--x[=(yes|no)]` form. */
  boolean: boolean;
}

/** Resolutions a device accepts. */
export type ResolutionSupport =
  | { kind: 'list'; dpi: number[] }
  | { kind: 'range'; min: number; max: number; step: number | undefined };

/** What the agent needs to know about a device, read from `scanimage -d DEV -A`. */
export interface DeviceOptions {
  resolution: ResolutionSupport | undefined;
  /** Current resolution, when the device reports a sane one. */
  defaultResolution: number | undefined;
  /** Colour modes as the device names them (`Gray`, `Color`, `Lineart`, `Binary` …). */
  modes: string[];
  defaultMode: string | undefined;
  /** Paper sources as the device names them (`Flatbed`, `ADF Front`, `ADF Duplex` …). */
  sources: string[];
  defaultSource: string | undefined;
  /** The source value that feeds sheets one side at a time, if any. */
  adfSource: string | undefined;
  /** The source value that scans both sides, if any. */
  duplexSource: string | undefined;
  flatbedSource: string | undefined;
  /** Every option line, by flag, for what the summary above does not cover. */
  options: Map<string, RawOption>;
}

// flag, `[=(yes|no)]`, constraint, then one or more bracket groups: `[Gray]`, `[no] [read-only]`.
const OPTION_LINE =
  /^ {2,6}(--?[A-Za-z0-9][\w-]*)(\[=\((.*?)\)\])?(?: (.*?))??((?: \[[^\]]*\])*)\s*$/;
const RANGE =
  /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)([A-Za-z%]*)(?:,\.\.\.)?(?: \(in steps of (-?\d+(?:\.\d+)?)\))?$/;
const UNIT = /^(-?\d+(?:\.\d+)?)([A-Za-z%]+)$/;

function parseConstraint(text: string): OptionConstraint {
  const t = text.trim();
  const range = RANGE.exec(t);
  if (range !== null) {
    return {
      kind: 'range',
      min: Number(range[1]),
      max: Number(range[2]),
      step: range[4] === undefined ? undefined : Number(range[4]),
      unit: range[3] ?? '',
    };
  }
  if (t === '' || t.startsWith('<')) return { kind: 'free', text: t };
  const values = t.replace(/,\.\.\.$/, '').split('|');
  // The unit is glued to the last value only: `75|150|300dpi`.
  const last = values[values.length - 1] ?? '';
  const unit = UNIT.exec(last);
  let unitText = '';
  if (unit !== null && values.slice(0, -1).every((v) => /^-?\d+(?:\.\d+)?$/.test(v))) {
    values[values.length - 1] = unit[1] ?? last;
    unitText = unit[2] ?? '';
  }
  return { kind: 'list', values, unit: unitText };
}

/**
 * Reads the output of `scanimage -d DEV -A` (stdout; stderr's "Output format is not set" line is
 * harmless if mixed in). Unknown lines are skipped, so a backend's odd options never fail a scan.
 */
export function parseDeviceOptions(out: string): DeviceOptions {
  const options = new Map<string, RawOption>();
  for (const line of out.split(/\r?\n/)) {
    const m = OPTION_LINE.exec(line);
    if (m === null) continue;
    const flag = m[1] ?? '';
    const boolean = m[2] !== undefined;
    const brackets = [...(m[5] ?? '').matchAll(/\[([^\]]*)\]/g)].map((b) => b[1] ?? '');
    const current = brackets[0];
    const constraint = boolean
      ? { kind: 'list' as const, values: (m[3] ?? '').split('|'), unit: '' }
      : parseConstraint(m[4] ?? '');
    if (options.has(flag)) continue;
    options.set(flag, {
      flag,
      constraint,
      current,
      inactive: brackets.includes('inactive'),
      readOnly: brackets.includes('read-only') || brackets.includes('hardware'),
      boolean,
    });
  }
  const listOf = (flag: string) => {
    const o = options.get(flag);
    return o?.constraint.kind === 'list' && !o.inactive ? o.constraint.values : [];
  };
  const currentOf = (flag: string) => {
    const c = options.get(flag)?.current;
    return c === undefined || c === 'inactive' || c === 'advanced' ? undefined : c;
  };

  let resolution: ResolutionSupport | undefined;
  const res = options.get('--resolution') ?? options.get('--x-resolution');
  if (res !== undefined && !res.inactive) {
    if (res.constraint.kind === 'range') {
      const { min, max, step } = res.constraint;
      resolution = { kind: 'range', min, max, step };
    } else if (res.constraint.kind === 'list') {
      const dpi = res.constraint.values.map(Number).filter((n) => Number.isFinite(n) && n > 0);
      if (dpi.length > 0) resolution = { kind: 'list', dpi };
    }
  }
  // Some backends report the current resolution as a tiny fixed-point leftover (the test backend
  // prints 0.000762939): only a value inside the supported set counts as a default.
  const resNow = Number(res?.current);
  const defaultResolution =
    resolution !== undefined && Number.isFinite(resNow) && resolutionAllowed(resolution, resNow)
      ? resNow
      : undefined;

  const sources = listOf('--source');
  const duplexSource = sources.find((s) => /duplex/i.test(s));
  const adfSource = sources.find(
    (s) => /\badf\b|feeder|document/i.test(s) && !/duplex|back/i.test(s),
  );
  const flatbedSource = sources.find((s) => /flatbed|platen|glass/i.test(s));
  return {
    resolution,
    defaultResolution,
    modes: listOf('--mode'),
    defaultMode: currentOf('--mode'),
    sources,
    defaultSource: currentOf('--source'),
    adfSource,
    duplexSource,
    flatbedSource,
    options,
  };
}

/** True when `dpi` is one the device accepts. */
export function resolutionAllowed(r: ResolutionSupport, dpi: number): boolean {
  if (r.kind === 'list') return r.dpi.includes(dpi);
  if (dpi < r.min || dpi > r.max) return false;
  if (r.step === undefined || r.step <= 0) return true;
  const k = (dpi - r.min) / r.step;
  return Math.abs(k - Math.round(k)) < 1e-6;
}

/** The sources an operator names, mapped onto a device's own source values. */
export type SourceChoice = 'ADF' | 'ADF Duplex' | 'Flatbed';

/**
 * The device's value for `choice`, or undefined if it has no such source. A value the device
 * itself lists (`"ADF Front"`) is accepted verbatim too.
 */
export function resolveSource(o: DeviceOptions, choice: string): string | undefined {
  const verbatim = o.sources.find((s) => s.toLowerCase() === choice.toLowerCase());
  switch (choice.toLowerCase()) {
    case 'adf':
      return o.adfSource ?? verbatim;
    case 'adf duplex':
    case 'duplex':
      return o.duplexSource ?? verbatim;
    case 'flatbed':
      return o.flatbedSource ?? verbatim;
    default:
      return verbatim;
  }
}

/**
 * The page file a `--batch-print` line names, or undefined for any other stdout line. scanimage
 * prints the name only once the page is complete on disk.
 */
export function parseBatchPrintLine(line: string, stagingPrefix: string): string | undefined {
  const t = line.replace(/\r$/, '');
  return t.startsWith(stagingPrefix) ? t : undefined;
}
