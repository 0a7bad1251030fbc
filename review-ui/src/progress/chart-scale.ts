/**
 * The arithmetic of the charts, kept apart from the SVG so that it can be tested: a linear scale
 * and round tick values for an axis.
 */

/** Maps `[d0, d1]` onto `[r0, r1]`. */
export const linear =
  (d0: number, d1: number, r0: number, r1: number) =>
  (v: number): number =>
    d1 === d0 ? r0 : r0 + ((v - d0) * (r1 - r0)) / (d1 - d0);

/**
 * About `count` round tick values from 0 to at least `max` (steps of 1, 2 or 5 × 10ⁿ); the last
 * tick is the top of the axis.
 */
export function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const top = Math.ceil(max / step) * step;
  const out: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** Days from `a` to `b` (`YYYY-MM-DD`). */
export const dayIndex = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
