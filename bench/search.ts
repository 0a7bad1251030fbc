/**
 * `npm run bench:search [-- --records 1000000] [--runs 30] [--keep]`
 *
 * Catalogue search latency over a generated catalogue of a million records (bench/search-data.ts,
 * in a database of its own, `sohoa_bench_search`), through the api's own routes in process
 * (`app.request`: validation, the access decision, SQL, snippets, JSON). For each query kind it
 * runs one warm-up and `runs` timed requests with varied words, numbers, fonds and years, and
 * prints p50 / p95 / max in ms, the machine's load average, then one line of JSON. Speed is
 * measured here, never asserted in tests.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { foldText } from '../api/services/reader/query-text.js';
import { runMain } from '../core/run-main.js';
import { benchApi, freshDatabase, quantile } from './bench-api.js';
import { FONDS_COUNT, seedCatalogue, SUBJECTS } from './search-data.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    records: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    'database-url': {
      type: 'string',
      default: 'postgresql://postgres@127.0.0.1:5432/sohoa_bench_search',
    },
  },
});

async function main(): Promise<number> {
  const url = values['database-url'];
  const records = Math.ceil(Number(values.records) / 20) * 20;
  const runs = Number(values.runs);
  if (!Number.isInteger(records) || records < 20 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--records ≥ 20 và --runs ≥ 1 là số nguyên / must be integers\n');
    return 2;
  }
  await freshDatabase(url, values.keep);
  const seeded = performance.now();
  await seedCatalogue(url, records, (s) => process.stderr.write(`${s}\n`));
  const seedMs = performance.now() - seeded;

  const bench = await benchApi(url, { name: 'search', poolSize: 8 });
  const { app } = bench;
  try {
    const staff = await bench.signInAs('manager');

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const t = performance.now();
      const res = await app.request(path, { headers });
      const body = (await res.json()) as {
        items: unknown[];
        nextCursor: string | null;
        total: { count: number };
      };
      if (res.status !== 200)
        throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return { ms: performance.now() - t, body };
    };
    const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
    const words = SUBJECTS.map((s) => foldText(s).split(' ').slice(0, 3).join(' '));
    const kinds: Record<string, { label: string; path: (i: number) => string; staff?: boolean }> = {
      broad: {
        label: 'không dấu, nhiều kết quả / "quyet dinh ubnd", relevance',
        path: () => '/api/catalogue/search?q=quyet+dinh+ubnd',
      },
      folded: {
        label: 'không dấu, cụm từ / folded words of a summary, relevance',
        path: (i) => `/api/catalogue/search?q=${encodeURIComponent(pick(words, i))}`,
      },
      exact: {
        label: 'có dấu / with diacritics, relevance',
        path: (i) =>
          `/api/catalogue/search?q=${encodeURIComponent(pick(SUBJECTS, i).split(' ').slice(0, 2).join(' '))}`,
      },
      number: {
        label: 'số và ký hiệu / number and symbol',
        path: (i) =>
          `/api/catalogue/search?q=${encodeURIComponent(`${1 + ((i * 37) % 400)}/QĐ-UBND`)}`,
      },
      fondsYear: {
        label: 'phông + khoảng năm / fonds + years, newest',
        path: (i) =>
          `/api/catalogue/search?fonds=P${String(1 + (i % FONDS_COUNT)).padStart(3, '0')}&dateFrom=${1980 + (i % 30)}&dateTo=${1985 + (i % 30)}`,
      },
      textFilters: {
        label: 'từ + phông + năm / words + fonds + years',
        path: (i) =>
          `/api/catalogue/search?q=${encodeURIComponent(pick(words, i))}&fonds=P${String(1 + (i % FONDS_COUNT)).padStart(3, '0')}&dateFrom=1990&dateTo=2010`,
      },
      staffBroad: {
        label: 'cán bộ, "quyet dinh" / staff, every access mode',
        path: () => '/api/catalogue/search?q=quyet+dinh',
        staff: true,
      },
    };
    const results: Record<string, number[]> = {};
    for (const [name, k] of Object.entries(kinds)) {
      await get(k.path(runs), k.staff === true ? staff.headers : {});
      const xs: number[] = [];
      for (let i = 0; i < runs; i++)
        xs.push((await get(k.path(i), k.staff === true ? staff.headers : {})).ms);
      results[name] = xs;
    }
    // Deep pages: newest first, 20 a page, walked by cursor; the pages after the 400th timed.
    for (const [name, base] of [
      ['deepList', '/api/catalogue/search?sort=newest&limit=20'],
      ['deepText', '/api/catalogue/search?q=quyet+dinh&sort=newest&limit=20'],
    ] as const) {
      let cursor: string | null = null;
      const xs: number[] = [];
      for (let p = 1; p <= 400 + runs; p++) {
        const r = await get(
          cursor === null ? base : `${base}&cursor=${encodeURIComponent(cursor)}`,
        );
        if (p > 400) xs.push(r.ms);
        cursor = r.body.nextCursor;
        if (cursor === null) break;
      }
      results[name] = xs;
    }
    const labels: Record<string, string> = {
      ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.label])),
      deepList: 'trang 401–430, không lọc / pages 401–430, no filter',
      deepText: 'trang 401–430, "quyet dinh" / pages 401–430 of a text query',
    };
    const load = loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    process.stdout.write(
      `Tra cứu mục lục: ${records} bản ghi, ${runs} lần mỗi loại (ms); tải máy / load average ${load}\n` +
        `${''.padEnd(58)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'max'.padStart(6)}\n` +
        Object.entries(results)
          .map(
            ([k, xs]) =>
              `${(labels[k] ?? k).padEnd(58)} ${quantile(xs, 0.5).toFixed(1).padStart(6)} ${quantile(xs, 0.95).toFixed(1).padStart(6)} ${Math.max(
                ...xs,
              )
                .toFixed(1)
                .padStart(6)}`,
          )
          .join('\n') +
        '\n',
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'search',
        records,
        runs,
        seedSeconds: Math.round(seedMs / 1000),
        loadAverage: loadavg(),
        p50: Object.fromEntries(
          Object.entries(results).map(([k, xs]) => [k, +quantile(xs, 0.5).toFixed(1)]),
        ),
        p95: Object.fromEntries(
          Object.entries(results).map(([k, xs]) => [k, +quantile(xs, 0.95).toFixed(1)]),
        ),
      })}\n`,
    );
    return 0;
  } finally {
    await bench.close();
  }
}

runMain(main);
