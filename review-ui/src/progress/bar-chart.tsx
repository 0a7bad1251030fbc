/**
 * Grouped bars: output per day or week by stage, the OCR confidence buckets. Plain SVG like the
 * burn-up (burnup-chart.tsx says why); the same figures are in the table beside each chart.
 */
import { useId } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';
import { linear, ticks } from './chart-scale.js';
import { formatNumber } from './numbers.js';

export interface BarSeries {
  readonly label: string;
  /** CSS modifier of the bars' colour */
  readonly tone: 'done' | 'approved' | 'scanned' | 'bad';
}

const W = 820;
const H = 220;
const PAD = { left: 56, right: 8, top: 12, bottom: 30 };

/** Bars of `groups` (one value per series each), with a label under every n-th group. */
export function BarChart({
  title,
  series,
  groups,
}: {
  title: string;
  series: readonly BarSeries[];
  groups: readonly { label: string; values: readonly number[] }[];
}) {
  const { lang } = useI18n();
  const id = useId();
  const yTicks = ticks(Math.max(1, ...groups.flatMap((g) => g.values)), 4);
  const y = linear(0, yTicks.at(-1) ?? 1, H - PAD.bottom, PAD.top);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, groups.length);
  const bar = Math.max(1, (slot * 0.8) / series.length);
  const every = Math.max(1, Math.ceil(groups.length / 14));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{title}</title>
        {yTicks.map((v) => (
          <g key={v} className="chart__grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {formatNumber(v, lang)}
            </text>
          </g>
        ))}
        {groups.map((g, i) => (
          <g key={`${g.label}-${i}`}>
            {g.values.map((v, s) => (
              <rect
                key={s}
                className={`chart__bar chart__bar--${series[s]?.tone ?? 'done'}`}
                x={PAD.left + i * slot + slot * 0.1 + s * bar}
                y={y(v)}
                width={bar}
                height={Math.max(0, y(0) - y(v))}
              >
                <title>{`${g.label} · ${series[s]?.label ?? ''}: ${formatNumber(v, lang)}`}</title>
              </rect>
            ))}
            {i % every === 0 && (
              <text
                className="chart__axis"
                x={PAD.left + i * slot + slot / 2}
                y={H - PAD.bottom + 16}
                textAnchor="middle"
              >
                {g.label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption className="chart__legend">
        {series.map((s) => (
          <span key={s.label} className={`legend legend--${s.tone}`}>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
