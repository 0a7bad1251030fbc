/**
 * Reads a page's operator list (pdfjs) to decide whether the page is a scan: one image covering
 * the page and nothing else visible. For such a page the image is taken at its native resolution;
 * the quarter turn or mirror of its placement (and of the page's /Rotate) is found here so it can
 * be undone losslessly.
 */

/** PDF matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = readonly [number, number, number, number, number, number];

/** The matrix that changes nothing. */
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The transform that applies `first`, then `second`. */
export function multiply(first: Matrix, second: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = first;
  const [a2, b2, c2, d2, e2, f2] = second;
  return [
    a1 * a2 + b1 * c2,
    a1 * b2 + b1 * d2,
    c1 * a2 + d1 * c2,
    c1 * b2 + d1 * d2,
    e1 * a2 + f1 * c2 + e2,
    e1 * b2 + f1 * d2 + f2,
  ];
}

/** pdfjs operator codes this module reads (values of pdfjs `OPS`). */
export interface OpCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly paintImageXObject: number;
  readonly paintImageMaskXObject: number;
  readonly paintInlineImageXObject: number;
  readonly paintInlineImageXObjectGroup: number;
  readonly paintImageXObjectRepeat: number;
  readonly paintImageMaskXObjectRepeat: number;
  readonly paintImageMaskXObjectGroup: number;
  readonly paintSolidColorImageMask: number;
  readonly constructPath: number;
  readonly endPath: number;
  readonly shadingFill: number;
  readonly setTextRenderingMode: number;
  readonly showText: number;
  readonly showSpacedText: number;
  readonly nextLineShowText: number;
  readonly nextLineSetSpacingShowText: number;
}

/** An image the page paints, with where it paints it. */
export interface PlacedImage {
  /** Key into `page.objs` (or `commonObjs`) */
  readonly objId: string;
  readonly mask: boolean;
  readonly width: number;
  readonly height: number;
  /** Unit square of the image → user space */
  readonly ctm: Matrix;
}

/**
 * The single image that is the only visible content of the page, or null when the page has
 * other visible content (vector graphics, visible text, several images) or no image.
 * Invisible text (render mode 3, an OCR layer) does not count as content.
 */
export function soleImage(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  ops: OpCodes,
): PlacedImage | null {
  let ctm: Matrix = IDENTITY;
  const stack: { ctm: Matrix; textMode: number }[] = [];
  let textMode = 0;
  let found: PlacedImage | null = null;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) {
      stack.push({ ctm, textMode });
    } else if (fn === ops.restore || fn === ops.paintFormXObjectEnd) {
      const s = stack.pop();
      if (s !== undefined) ({ ctm, textMode } = s);
    } else if (fn === ops.transform) {
      ctm = multiply(asMatrix(args), ctm);
    } else if (fn === ops.paintFormXObjectBegin) {
      stack.push({ ctm, textMode });
      ctm = multiply(asMatrix(args?.[0]), ctm);
    } else if (fn === ops.paintImageXObject || fn === ops.paintImageMaskXObject) {
      if (found !== null) return null;
      const placed = imageArgs(fn === ops.paintImageMaskXObject, args, ctm);
      if (placed === null) return null;
      found = placed;
    } else if (
      fn === ops.paintInlineImageXObject ||
      fn === ops.paintInlineImageXObjectGroup ||
      fn === ops.paintImageXObjectRepeat ||
      fn === ops.paintImageMaskXObjectRepeat ||
      fn === ops.paintImageMaskXObjectGroup ||
      fn === ops.paintSolidColorImageMask ||
      fn === ops.shadingFill
    ) {
      return null;
    } else if (fn === ops.constructPath) {
      // A path ended with `n` only clips; anything else paints.
      if (args?.[0] !== ops.endPath) return null;
    } else if (fn === ops.setTextRenderingMode) {
      textMode = typeof args?.[0] === 'number' ? args[0] : 0;
    } else if (
      fn === ops.showText ||
      fn === ops.showSpacedText ||
      fn === ops.nextLineShowText ||
      fn === ops.nextLineSetSpacingShowText
    ) {
      // Modes 3 (invisible) and 7 (clip only) draw nothing.
      if (textMode !== 3 && textMode !== 7) return null;
    }
  }
  return found;
}

function asMatrix(v: unknown): Matrix {
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = Array.from(v as ArrayLike<number>);
    if (a.length >= 6 && a.every((x) => Number.isFinite(x))) {
      return [a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!];
    }
  }
  return IDENTITY;
}

function imageArgs(mask: boolean, args: unknown[] | null, ctm: Matrix): PlacedImage | null {
  if (mask) {
    const o = args?.[0] as { data?: unknown; width?: unknown; height?: unknown } | undefined;
    if (
      typeof o?.data !== 'string' ||
      typeof o.width !== 'number' ||
      typeof o.height !== 'number'
    ) {
      return null;
    }
    return { objId: o.data, mask, width: o.width, height: o.height, ctm };
  }
  const [objId, width, height] = args ?? [];
  if (typeof objId !== 'string' || typeof width !== 'number' || typeof height !== 'number') {
    return null;
  }
  return { objId, mask, width, height, ctm };
}

/** A lossless turn or mirror, as sharp applies them: rotate first, then flop. */
export interface Dihedral {
  readonly rotate: 0 | 90 | 180 | 270;
  readonly flip: boolean;
  readonly flop: boolean;
}

/** How an image lies on the displayed page. */
export interface Placement {
  readonly dihedral: Dihedral;
  /** Pixels per inch along the display's x and y once the dihedral is applied */
  readonly dpiX: number;
  readonly dpiY: number;
  /** Share of the page covered by the image (0–1) and image area over page area */
  readonly coverage: number;
  readonly overhang: number;
  /** Angle (degrees) between the image's axes and the page's that the dihedral leaves */
  readonly residualDeg: number;
  /**
   * The same angle, signed: the image content appears turned by it counter-clockwise on the
   * displayed page (the convention of `PageFindings.skewDeg`). Taking the image's own pixels
   * undoes that turn, so it is part of the skew the page arrived with.
   */
  readonly skewDeg: number;
}

/**
 * Where the image lands on the displayed page. `view` is the page's display transform (pdfjs
 * viewport at scale 1: user space → points, y down, /Rotate applied) and `pageW`/`pageH` the
 * displayed size in points. Returns null when the image axes are not near the page axes.
 */
export function placementOf(
  img: PlacedImage,
  view: Matrix,
  pageW: number,
  pageH: number,
): Placement | null {
  const [a, b, c, d, e, f] = multiply(img.ctm, view);
  // Moving one column right is (a, b)/W; one row down in the image is -(c, d)/H, because image
  // rows run from the top of the unit square (v = 1) downwards.
  const col = axisOf(a, b);
  const row = axisOf(-c, -d);
  if (col === null || row === null || col.axis === row.axis) return null;
  const dihedral = DIHEDRALS[`${col.sign}${col.axis}${row.sign}${row.axis}`];
  if (dihedral === undefined) return null;
  const colPt = Math.hypot(a, b);
  const rowPt = Math.hypot(c, d);
  const perColInch = img.width / (colPt / 72);
  const perRowInch = img.height / (rowPt / 72);
  const corners = [
    [e, f],
    [a + e, b + f],
    [c + e, d + f],
    [a + c + e, b + d + f],
  ] as const;
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const ix = Math.max(0, Math.min(x1, pageW) - Math.max(x0, 0));
  const iy = Math.max(0, Math.min(y1, pageH) - Math.max(y0, 0));
  const pageArea = pageW * pageH;
  return {
    dihedral,
    dpiX: col.axis === 'x' ? perColInch : perRowInch,
    dpiY: col.axis === 'x' ? perRowInch : perColInch,
    coverage: pageArea > 0 ? (ix * iy) / pageArea : 0,
    overhang: pageArea > 0 ? ((x1 - x0) * (y1 - y0)) / pageArea : Infinity,
    residualDeg: Math.max(col.residualDeg, row.residualDeg),
    skewDeg: turnOnScreen(col, a, b),
  };
}

/**
 * Counter-clockwise turn (degrees, as seen on screen) from the page axis `col` lies along to the
 * actual column direction (dx, dy). Display space has y pointing down, where atan2 of the cross
 * and dot products measures clockwise, hence the minus.
 */
function turnOnScreen(col: { axis: 'x' | 'y'; sign: '+' | '-' }, dx: number, dy: number): number {
  const s = col.sign === '+' ? 1 : -1;
  const [nx, ny] = col.axis === 'x' ? [s, 0] : [0, s];
  const deg = (-Math.atan2(nx * dy - ny * dx, nx * dx + ny * dy) * 180) / Math.PI;
  return deg === 0 ? 0 : deg;
}

function axisOf(
  dx: number,
  dy: number,
): { axis: 'x' | 'y'; sign: '+' | '-'; residualDeg: number } | null {
  const len = Math.hypot(dx, dy);
  if (!(len > 0)) return null;
  const horizontal = Math.abs(dx) >= Math.abs(dy);
  const main = horizontal ? dx : dy;
  const other = horizontal ? dy : dx;
  return {
    axis: horizontal ? 'x' : 'y',
    sign: main >= 0 ? '+' : '-',
    residualDeg: (Math.atan2(Math.abs(other), Math.abs(main)) * 180) / Math.PI,
  };
}

/** Keyed by where image columns and rows point on the page, e.g. '+y-x'. */
const DIHEDRALS: Readonly<Record<string, Dihedral>> = {
  '+x+y': { rotate: 0, flip: false, flop: false },
  '-x+y': { rotate: 0, flip: false, flop: true },
  '+x-y': { rotate: 0, flip: true, flop: false },
  '-x-y': { rotate: 180, flip: false, flop: false },
  '+y-x': { rotate: 90, flip: false, flop: false },
  '-y+x': { rotate: 270, flip: false, flop: false },
  '+y+x': { rotate: 90, flip: false, flop: true },
  '-y-x': { rotate: 270, flip: false, flop: true },
};
