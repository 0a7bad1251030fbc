import { describe, expect, it } from 'vitest';
import {
  DEVICE_LIST_FORMAT,
  parseBatchPrintLine,
  parseDeviceList,
  parseDeviceOptions,
  resolutionAllowed,
  resolveSource,
} from './parse.js';

/** `scanimage -d test -A` of sane-backends 1.1.1 (Debian 12), test backend with its defaults. */
const TEST_BACKEND_A = `
All options specific to device \`test':
  Scan Mode:
    --mode Gray|Color [Gray]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --depth 1|8|16 [8]
        Number of bits per sample, typical values are 1 for "line-art" and 8
        for multibit scans.
    --hand-scanner[=(yes|no)] [no]
        Simulate a hand-scanner.  Hand-scanners do not know the image height a
        priori.  Instead, they return a height of -1.  Setting this option
        allows one to test whether a frontend can handle this correctly.  This
        option also enables a fixed width of 11 cm.
    --three-pass[=(yes|no)] [inactive]
        Simulate a three-pass scanner. In color mode, three frames are
        transmitted.
    --three-pass-order RGB|RBG|GBR|GRB|BRG|BGR [inactive]
        Set the order of frames in three-pass color mode.
    --resolution 1..1200dpi (in steps of 1) [0.000762939]
        Sets the resolution of the scanned image.
    --source Flatbed|Automatic Document Feeder [Flatbed]
        If Automatic Document Feeder is selected, the feeder will be 'empty'
        after 10 scans.
  Special Options:
    --test-picture Solid black|Solid white|Color pattern|Grid [Solid black]
        Select the kind of test picture. Available options:
        Solid black: fills the whole scan with black.
        Solid white: fills the whole scan with white.
        Color pattern: draws various color test patterns depending on the mode.
        Grid: draws a black/white grid with a width and height of 10 mm per
        square.
    --invert-endianess[=(yes|no)] [inactive]
        Exchange upper and lower byte of image data in 16 bit modes. This
        option can be used to test the 16 bit modes of frontends, e.g. if the
        frontend uses the correct endianness.
    --read-limit[=(yes|no)] [no]
        Limit the amount of data transferred with each call to sane_read().
    --read-limit-size 1..65536 (in steps of 1) [inactive]
        The (maximum) amount of data transferred with each call to
        sane_read().
    --read-delay[=(yes|no)] [no]
        Delay the transfer of data to the pipe.
    --read-delay-duration 1000..200000us (in steps of 1000) [inactive]
        How long to wait after transferring each buffer of data through the
        pipe.
    --read-return-value Default|SANE_STATUS_UNSUPPORTED|SANE_STATUS_CANCELLED|SANE_STATUS_DEVICE_BUSY|SANE_STATUS_INVAL|SANE_STATUS_EOF|SANE_STATUS_JAMMED|SANE_STATUS_NO_DOCS|SANE_STATUS_COVER_OPEN|SANE_STATUS_IO_ERROR|SANE_STATUS_NO_MEM|SANE_STATUS_ACCESS_DENIED [Default]
        Select the return-value of sane_read(). "Default" is the normal
        handling for scanning. All other status codes are for testing how the
        frontend handles them.
    --ppl-loss 0..128pel (in steps of 1) [0]
        The number of pixels that are wasted at the end of each line.
    --fuzzy-parameters[=(yes|no)] [no]
        Return fuzzy lines and bytes per line when sane_parameters() is called
        before sane_start().
    --non-blocking[=(yes|no)] [no]
        Use non-blocking IO for sane_read() if supported by the frontend.
    --select-fd[=(yes|no)] [no]
        Offer a select filedescriptor for detecting if sane_read() will return
        data.
    --enable-test-options[=(yes|no)] [no]
        Enable various test options. This is for testing the ability of
        frontends to view and modify all the different SANE option types.
    --print-options
        Print a list of all options.
  Geometry:
    -l 0..200mm (in steps of 1) [0]
        Top-left x position of scan area.
    -t 0..200mm (in steps of 1) [0]
        Top-left y position of scan area.
    -x 0..200mm (in steps of 1) [80]
        Width of scan-area.
    -y 0..200mm (in steps of 1) [100]
        Height of scan-area.
  Bool test options:
    --bool-soft-select-soft-detect[=(yes|no)] [inactive]
        (1/6) Bool test option that has soft select and soft detect (and
        advanced) capabilities. That's just a normal bool option.
    --bool-hard-select-soft-detect[=(yes|no)] [inactive]
        (2/6) Bool test option that has hard select and soft detect (and
        advanced) capabilities. That means the option can't be set by the
        frontend but by the user (e.g. by pressing a button at the device).
    --bool-hard-select[=(yes|no)] [inactive]
        (3/6) Bool test option that has hard select (and advanced)
        capabilities. That means the option can't be set by the frontend but by
        the user (e.g. by pressing a button at the device) and can't be read by
        the frontend.
    --bool-soft-detect[=(yes|no)] [inactive]
        (4/6) Bool test option that has soft detect (and advanced)
        capabilities. That means the option is read-only.
    --bool-soft-select-soft-detect-emulated[=(yes|no)] [inactive]
        (5/6) Bool test option that has soft select, soft detect, and emulated
        (and advanced) capabilities.
    --bool-soft-select-soft-detect-auto[=(auto|yes|no)] [inactive]
        (6/6) Bool test option that has soft select, soft detect, and
        automatic (and advanced) capabilities. This option can be automatically
        set by the backend.
  Int test options:
    --int <int> [inactive]
        (1/7) Int test option with no unit and no constraint set.
    --int-constraint-range 4..192pel (in steps of 2) [inactive]
        (2/7) Int test option with unit pixel and constraint range set.
        Minimum is 4, maximum 192, and quant is 2.
    --int-constraint-word-list -42|-8|0|17|42|256|65536|16777216|1073741824bit [inactive]
        (3/7) Int test option with unit bits and constraint word list set.
    --int-constraint-array <int>,... [inactive]
        (4/7) Int test option with unit mm and using an array without
        constraints.
    --int-constraint-array-constraint-range 4..192dpi,... (in steps of 2) [inactive]
        (5/7) Int test option with unit dpi and using an array with a range
        constraint. Minimum is 4, maximum 192, and quant is 2.
    --int-constraint-array-constraint-word-list -42|-8|0|17|42|256|65536|16777216|1073741824%,... [inactive]
        (6/7) Int test option with unit percent and using an array with a word
        list constraint.
    --int-inexact <int> [inactive]
        (7/7) Int test option that modifies the value and returns
        SANE_INFO_INEXACT.
    --red-gamma-table 0..255,... (in steps of 1) [advanced]
        Gamma-correction table for the red band.
    --green-gamma-table 0..255,... (in steps of 1) [advanced]
        Gamma-correction table for the green band.
    --blue-gamma-table 0..255,... (in steps of 1) [advanced]
        Gamma-correction table for the blue band.
    --gamma-table 0..255,... (in steps of 1) [advanced]
        Gamma-correction table.  In color mode this option equally affects the
        red, green, and blue channels simultaneously (i.e., it is an intensity
        gamma table).
  Fixed test options:
    --fixed <float> [inactive]
        (1/3) Fixed test option with no unit and no constraint set.
    --fixed-constraint-range -42.17..32768us (in steps of 2) [inactive]
        (2/3) Fixed test option with unit microsecond and constraint range
        set. Minimum is -42.17, maximum 32767.9999, and quant is 2.0.
    --fixed-constraint-word-list -32.7|12.1|42|129.5 [inactive]
        (3/3) Fixed test option with no unit and constraint word list set.
  String test options:
    --string <string> [inactive]
        (1/3) String test option without constraint.
    --string-constraint-string-list First entry|Second entry|This is the very long third entry. Maybe the frontend has an idea how to display it [inactive]
        (2/3) String test option with string list constraint.
    --string-constraint-long-string-list First entry|Second entry|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31|32|33|34|35|36|37|38|39|40|41|42|43|44|45|46 [inactive]
        (3/3) String test option with string list constraint. Contains some
        more entries...
  Button test options:
    --button [inactive]
        (1/1) Button test option. Prints some text...

`;

/**
 * Part of `scanimage -A` of a Fujitsu fi-7260 (flatbed + ADF with duplex), from scanservjs'
 * golden inputs (app-server/test/resource/scanimage-a12-hybrid.txt).
 */
const FUJITSU_FI7260_A = `
All options specific to device \`net:<IP address>:fujitsu:fi-7260:1208958':
  Standard:
    --source Flatbed|ADF Front|ADF Back|ADF Duplex [Flatbed]
        Selects the scan source (such as a document-feeder).
    --mode Lineart|Halftone|Gray|Color [Lineart]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --resolution 50..600dpi (in steps of 1) [600]
        Sets the resolution of the scanned image.
  Geometry:
    -l 0..227.809mm (in steps of 0.0211639) [0]
        Top-left x position of scan area.
  Enhancement:
    --rif[=(yes|no)] [no]
        Reverse image format
    --ht-type Default|Dither|Diffusion [inactive]
        Control type of halftone filter
  Advanced:
    --side[=(yes|no)] [no] [read-only]
        Tells which side (0=front, 1=back) of a duplex scan the next call to
        sane_read will return.
    --swskip 0..100% (in steps of 0.100006) [0]
        Request driver to discard pages with low percentage of dark pixels
  Sensors:
    --cover-open[=(yes|no)] [no] [hardware]
        Cover open
    --function <int> [0] [hardware]
        Function character on screen
`;

describe('parseDeviceList', () => {
  it('reads the records of our -f format, whatever the names hold', () => {
    expect(DEVICE_LIST_FORMAT).toBe('%d\x1f%v\x1f%m\x1f%t\x1e');
    // Real output for the test backend, then names with spaces, colons, | and Vietnamese.
    const out =
      'test:0\x1fNoname\x1ffrontend-tester\x1fvirtual device\x1e' +
      'net:10.0.0.5:fujitsu:fi-7160:1208958\x1fFUJITSU\x1ffi-7160 | Kho 2\x1fsheetfed scanner\x1e' +
      'epsonds:libusb:001:004\x1fEpson\x1fDS-530 (phòng số hóa)\x1fADF scanner\x1e\n';
    expect(parseDeviceList(out)).toEqual([
      { name: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
      {
        name: 'net:10.0.0.5:fujitsu:fi-7160:1208958',
        vendor: 'FUJITSU',
        model: 'fi-7160 | Kho 2',
        type: 'sheetfed scanner',
      },
      {
        name: 'epsonds:libusb:001:004',
        vendor: 'Epson',
        model: 'DS-530 (phòng số hóa)',
        type: 'ADF scanner',
      },
    ]);
  });

  it('returns nothing for no devices', () => {
    expect(parseDeviceList('')).toEqual([]);
    expect(parseDeviceList('\n')).toEqual([]);
  });
});

describe('parseDeviceOptions', () => {
  it('reads the test backend: range of resolutions, Gray/Color, flatbed and ADF', () => {
    const o = parseDeviceOptions(TEST_BACKEND_A);
    expect(o.resolution).toEqual({ kind: 'range', min: 1, max: 1200, step: 1 });
    // The backend reports a fixed-point leftover (0.000762939) as current value: not a default.
    expect(o.defaultResolution).toBeUndefined();
    expect(o.modes).toEqual(['Gray', 'Color']);
    expect(o.defaultMode).toBe('Gray');
    expect(o.sources).toEqual(['Flatbed', 'Automatic Document Feeder']);
    expect(o.defaultSource).toBe('Flatbed');
    expect(o.adfSource).toBe('Automatic Document Feeder');
    expect(o.duplexSource).toBeUndefined();
    expect(o.flatbedSource).toBe('Flatbed');
    expect(o.options.get('--depth')?.constraint).toEqual({
      kind: 'list',
      values: ['1', '8', '16'],
      unit: '',
    });
    expect(o.options.get('--three-pass')).toMatchObject({ inactive: true, boolean: true });
    expect(o.options.get('--test-picture')?.constraint).toEqual({
      kind: 'list',
      values: ['Solid black', 'Solid white', 'Color pattern', 'Grid'],
      unit: '',
    });
    expect(o.options.get('--int-constraint-word-list')?.constraint).toMatchObject({
      kind: 'list',
      unit: 'bit',
    });
    expect(o.options.get('-x')).toMatchObject({
      constraint: { kind: 'range', min: 0, max: 200, step: 1, unit: 'mm' },
      current: '80',
    });
    expect(o.options.get('--int')?.constraint).toEqual({ kind: 'free', text: '<int>' });
  });

  it('reads a duplex ADF scanner and tells ADF, duplex and flatbed apart', () => {
    const o = parseDeviceOptions(FUJITSU_FI7260_A);
    expect(o.sources).toEqual(['Flatbed', 'ADF Front', 'ADF Back', 'ADF Duplex']);
    expect(o.adfSource).toBe('ADF Front');
    expect(o.duplexSource).toBe('ADF Duplex');
    expect(o.flatbedSource).toBe('Flatbed');
    expect(o.modes).toEqual(['Lineart', 'Halftone', 'Gray', 'Color']);
    expect(o.resolution).toEqual({ kind: 'range', min: 50, max: 600, step: 1 });
    expect(o.defaultResolution).toBe(600);
    expect(o.options.get('--side')).toMatchObject({ current: 'no', readOnly: true });
    expect(o.options.get('--cover-open')).toMatchObject({ readOnly: true, inactive: false });
    expect(o.options.get('--swskip')?.constraint).toMatchObject({ kind: 'range', unit: '%' });
    expect(o.options.get('--ht-type')?.inactive).toBe(true);
  });

  it('reads a list of resolutions with the unit glued to the last', () => {
    const o = parseDeviceOptions(
      '  Scan mode:\n    --resolution 75|150|300|600dpi [300]\n        Sets the resolution.\n' +
        '    --source Flatbed|ADF|Duplex [ADF]\n',
    );
    expect(o.resolution).toEqual({ kind: 'list', dpi: [75, 150, 300, 600] });
    expect(o.defaultResolution).toBe(300);
    expect(o.adfSource).toBe('ADF');
    expect(o.duplexSource).toBe('Duplex');
  });
});

describe('resolutionAllowed and resolveSource', () => {
  it('checks lists and stepped ranges', () => {
    expect(resolutionAllowed({ kind: 'list', dpi: [150, 300] }, 300)).toBe(true);
    expect(resolutionAllowed({ kind: 'list', dpi: [150, 300] }, 200)).toBe(false);
    expect(resolutionAllowed({ kind: 'range', min: 50, max: 600, step: 50 }, 300)).toBe(true);
    expect(resolutionAllowed({ kind: 'range', min: 50, max: 600, step: 50 }, 320)).toBe(false);
    expect(resolutionAllowed({ kind: 'range', min: 50, max: 600, step: 1 }, 1200)).toBe(false);
  });

  it('maps ADF / ADF Duplex / Flatbed onto the device names, or takes them verbatim', () => {
    const o = parseDeviceOptions(FUJITSU_FI7260_A);
    expect(resolveSource(o, 'ADF')).toBe('ADF Front');
    expect(resolveSource(o, 'ADF Duplex')).toBe('ADF Duplex');
    expect(resolveSource(o, 'flatbed')).toBe('Flatbed');
    expect(resolveSource(o, 'ADF Back')).toBe('ADF Back');
    const t = parseDeviceOptions(TEST_BACKEND_A);
    expect(resolveSource(t, 'ADF')).toBe('Automatic Document Feeder');
    expect(resolveSource(t, 'ADF Duplex')).toBeUndefined();
  });
});

describe('parseBatchPrintLine', () => {
  it('takes only the page names scanimage prints into the staging folder', () => {
    expect(parseBatchPrintLine('/tmp/st/p0001.png', '/tmp/st')).toBe('/tmp/st/p0001.png');
    expect(parseBatchPrintLine('Scanning page 1', '/tmp/st')).toBeUndefined();
  });
});
