/**
 * `npm run bench:dashboard [-- --pages 1000000] [--runs 10] [--keep]`
 *
 * How long each query of the managers' dashboard takes with a million pages in the database: the
 * api runs over HTTP on this machine against a database of its own (`sohoa_bench_dashboard`),
 * filled here with SQL generate_series: four fonds, dossiers of 42 pages scanned over the last two
 * years (most approved and catalogued, some in review, rejected and rescanned, being scanned or
 * only registered), five documents each, reviewers' decisions and field edits, and an
 * `upload.create` audit event per page as the agent's uploads leave them. The page rollup is
 * rebuilt once after the bulk load (its triggers are off meanwhile; page_daily_rebuild()).
 * Prints p50 / p95 / max per query and whether each stays within 300 ms, then one line of JSON.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { addDays, vnDay } from '../api/services/progress/calendar.js';
import { runMain } from '../core/run-main.js';
import { benchApi, freshDatabase, quantile } from './bench-api.js';

const PER_DOSSIER = 42;
const LIMIT_MS = 300;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    pages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'database-url': {
      type: 'string',
      default: 'postgresql://postgres@127.0.0.1:5432/sohoa_bench_dashboard',
    },
  },
});

/**
 * Dossier g (1…n) is scanned `6 + span − 1 − (g − 1) × span / n` days before today (the newest
 * a week ago, so that every decision about it is in the past); its fate by
 * g % 20: 0–11 approved and catalogued (5 of them after a rejection and a rescan), 12–13 approved
 * and waiting for the catalogue, 14–15 in review, 16 rejected, 17 processing, 18 being scanned,
 * 19 registered only.
 */
const SEED = [
  `CREATE OR REPLACE FUNCTION bench_uuid(text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
   $$ SELECT overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`,
  `INSERT INTO fonds (id, code, archive_code, name, updated_at)
   SELECT bench_uuid('f' || i), 'BF' || i, 'H00', 'Phông thử ' || i, now() FROM generate_series(0, 3) i`,
  `INSERT INTO fonds_holdings (fonds_id, pages, sheets, dossiers) VALUES
     (bench_uuid('f0'), 400000, NULL, NULL), (bench_uuid('f1'), NULL, 300000, NULL),
     (bench_uuid('f3'), NULL, NULL, 9000)`,
  `INSERT INTO workstation (id, name, token_hash)
   SELECT bench_uuid('w' || i), 'Máy quét ' || i, md5('w' || i) || md5('x' || i) FROM generate_series(0, 5) i`,
  `INSERT INTO app_user (id, username, display_name, password_hash, role)
   SELECT bench_uuid('r' || i), 'duyet' || i, 'Người duyệt ' || i, 'x', 'reviewer' FROM generate_series(0, 5) i`,
  `CREATE TEMP TABLE d AS
   SELECT g, bench_uuid('d' || g) AS id, g % 20 AS fate,
          (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 6 - ($span::int - 1 - ((g - 1)::bigint * $span / $n)::int) AS day,
          bench_uuid('f' || (g % 4)) AS fonds_id
   FROM generate_series(1, $n::int) g`,
  `INSERT INTO dossier (id, fonds_id, code, title, status, high_use, expected_pages, expected_sheets,
                       page_count, total_docs, approved_at, approved_by_id, approved_version, catalogued_at,
                       rejected_at, reject_reason, in_review_at, updated_at)
   SELECT id, fonds_id, 'BD.' || lpad(g::text, 7, '0'), 'Hồ sơ thử số ' || g,
          (CASE WHEN fate <= 13 THEN 'approved' WHEN fate <= 15 THEN 'in_review' WHEN fate = 16 THEN 'rejected'
                WHEN fate = 17 THEN 'processing' WHEN fate = 18 THEN 'scanning' ELSE 'registered' END)::dossier_status,
          g % 23 = 0,
          CASE WHEN g % 4 IN (0, 2) THEN ${PER_DOSSIER} END, CASE WHEN g % 4 = 1 THEN ${PER_DOSSIER / 2} END,
          CASE WHEN fate <= 16 THEN ${PER_DOSSIER} END, CASE WHEN fate <= 16 THEN 5 END,
          CASE WHEN fate <= 13 THEN (day + 5 + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
          CASE WHEN fate <= 13 THEN bench_uuid('r' || (g % 6)) END,
          CASE WHEN fate <= 13 THEN 3 END,
          CASE WHEN fate <= 11 THEN (day + 5 + time '11:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
          CASE WHEN fate IN (5, 16) THEN (day + 1 + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
          CASE WHEN fate IN (5, 16) THEN (ARRAY['rescan','missing_page','wrong_order','illegible','other'])[1 + g % 5]::reject_reason END,
          CASE WHEN fate IN (14, 15) THEN (day + 1 + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
          now()
   FROM d`,
  // One batch per scanned dossier, a second one (the rescan) for fate 5.
  `CREATE TEMP TABLE b AS
   SELECT d.g, d.id AS dossier_id, d.fate, s AS scan, bench_uuid('b' || d.g || '.' || s) AS id,
          (d.day + (s - 1) * 2 + time '08:00' + (d.g % 8) * interval '1 hour') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS opened_at
   FROM d, generate_series(1, 2) s
   WHERE d.fate <> 19 AND (s = 1 OR d.fate = 5)`,
  `INSERT INTO scan_batch (id, dossier_id, workstation_id, status, expected_pages, operator_name,
                          opened_at, closed_at, assembled_at)
   SELECT id, dossier_id, CASE WHEN g % 17 <> 0 THEN bench_uuid('w' || (g % 6)) END,
          (CASE WHEN fate = 18 THEN 'open' WHEN fate = 17 THEN 'closed' ELSE 'assembled' END)::batch_status,
          ${PER_DOSSIER}, CASE WHEN g % 13 <> 0 THEN 'Người quét ' || (g % 12) END,
          opened_at, CASE WHEN fate <> 18 THEN opened_at + interval '1 hour' END,
          CASE WHEN fate < 17 THEN opened_at + interval '5 hours' END
   FROM b`,
  `INSERT INTO upload (id, batch_id, seq, sha256, bytes, declared_type, media_type, frame_count, created_at)
   SELECT bench_uuid('u' || b.id), b.id, 0, md5(b.id::text) || md5(b.id::text || 'x'), 1000000,
          'image/tiff', 'image/tiff', ${PER_DOSSIER}, b.opened_at
   FROM b`,
  `ALTER TABLE page DISABLE TRIGGER page_daily_insert`,
  `INSERT INTO page (id, batch_id, dossier_id, upload_id, frame_index, status, error_code,
                    error_message, error_hint, created_at, processed_at, ocr_mean_confidence, is_blank,
                    is_separator)
   SELECT bench_uuid('p' || b.id || '.' || f), b.id, b.dossier_id, bench_uuid('u' || b.id), f,
          (CASE WHEN b.fate >= 17 THEN 'queued' WHEN (b.g + f) % 211 = 0 THEN 'failed' ELSE 'done' END)::page_status,
          CASE WHEN b.fate < 17 AND (b.g + f) % 211 = 0 THEN 'decode.truncated' END,
          CASE WHEN b.fate < 17 AND (b.g + f) % 211 = 0 THEN 'Tệp bị cắt cụt / The file is truncated' END,
          CASE WHEN b.fate < 17 AND (b.g + f) % 211 = 0 THEN 'Quét lại trang / Scan the page again' END,
          b.opened_at + f * interval '30 seconds',
          CASE WHEN b.fate < 17 THEN b.opened_at + interval '2 hours' + f * interval '20 seconds' END,
          CASE WHEN b.fate < 17 THEN 50 + (b.g * 7 + f * 3) % 50 END,
          f = ${PER_DOSSIER - 1} AND b.g % 3 = 0, false
   FROM b, generate_series(0, ${PER_DOSSIER - 1}) f`,
  `ALTER TABLE page ENABLE TRIGGER page_daily_insert`,
  `SELECT page_daily_rebuild()`,
  `INSERT INTO document (id, dossier_id, batch_id, seq, status, page_count, updated_at)
   SELECT bench_uuid('t' || d.g || '.' || s), d.id, bench_uuid('b' || d.g || '.' || CASE WHEN d.fate = 5 THEN 2 ELSE 1 END), s,
          (CASE WHEN d.fate <= 13 THEN 'approved' ELSE 'draft' END)::document_status, ${PER_DOSSIER / 6}, now()
   FROM d, generate_series(1, 5) s WHERE d.fate <= 16`,
  // Decisions, rejections, field edits, and the uploads' own events.
  `INSERT INTO audit_event (at, actor_type, actor_id, action, entity_type, entity_id, after)
   SELECT approved_at, 'user', approved_by_id::text, 'dossier.approve', 'dossier', id::text,
          '{"status":"approved"}'::jsonb FROM dossier WHERE status = 'approved'`,
  `INSERT INTO audit_event (at, actor_type, actor_id, action, entity_type, entity_id, after)
   SELECT rejected_at, 'user', bench_uuid('r' || ((g + 1) % 6))::text, 'dossier.reject', 'dossier', d.id::text,
          jsonb_build_object('status', 'rejected', 'rejectReason', x.reject_reason)
   FROM d JOIN dossier x ON x.id = d.id WHERE x.rejected_at IS NOT NULL`,
  `INSERT INTO audit_event (at, actor_type, actor_id, action, entity_type, entity_id, before, after)
   SELECT x.approved_at - interval '1 hour', 'user', x.approved_by_id::text, 'document.update', 'document',
          bench_uuid('t' || d.g || '.' || s)::text, '{"subject":"cũ","organName":"cũ"}'::jsonb,
          '{"subject":"mới","organName":"mới"}'::jsonb
   FROM d JOIN dossier x ON x.id = d.id, generate_series(1, 5) s
   WHERE x.status = 'approved' AND (d.g + s) % 3 = 0`,
  `INSERT INTO audit_event (at, actor_type, actor_id, action, entity_type, entity_id, after)
   SELECT p.created_at, 'workstation', b.workstation_id::text, 'upload.create', 'upload', p.id::text,
          '{"seq":0}'::jsonb
   FROM page p JOIN scan_batch b ON b.id = p.batch_id`,
  `UPDATE progress_settings SET deadline = ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 540) WHERE id = 1`,
];

async function seed(url: string, pages: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const have = await client.query<{ n: string }>('SELECT count(*) AS n FROM page');
    if (Number(have.rows[0]?.n ?? 0) > 0) return;
    // Dossiers of 42 pages; 1 in 20 is only registered and 1 in 20 is rescanned, so about one
    // dossier's pages per dossier on average.
    const n = Math.ceil(pages / PER_DOSSIER);
    process.stderr.write(`bench: tạo / generating ${n} hồ sơ, ~${pages} trang…\n`);
    await client.query('BEGIN');
    for (const sql of SEED) {
      const t = performance.now();
      await client.query(sql.replaceAll('$span', '730').replaceAll('$n', String(n)));
      process.stderr.write(
        `  ${sql.replace(/\s+/g, ' ').slice(0, 60)}… ${Math.round(performance.now() - t)} ms\n`,
      );
    }
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

async function counts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of ['page', 'dossier', 'scan_batch', 'document', 'audit_event', 'page_daily']) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      out[t] = Number(r.rows[0]?.n ?? 0);
    }
    return out;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const url = values['database-url'];
  const pages = Number(values.pages);
  const runs = Number(values.runs);
  if (!Number.isInteger(pages) || pages < 1000 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--pages ≥ 1000 và --runs ≥ 1 là số nguyên / must be integers\n');
    return 2;
  }
  await freshDatabase(url, values.keep);
  const seeded = performance.now();
  await seed(url, pages);
  process.stderr.write(
    `bench: dữ liệu sẵn sàng / data ready in ${Math.round((performance.now() - seeded) / 1000)} s: ${JSON.stringify(await counts(url))}\n`,
  );

  const api = await benchApi(url, { name: 'dashboard', poolSize: 10 });
  try {
    const base = await api.listen();
    const { cookie } = await api.signInAs('manager');
    const get = async (path: string): Promise<number> => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) {
        throw new Error(
          `${path}: HTTP ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`,
        );
      }
      return performance.now() - t;
    };
    const today = vnDay(new Date());
    const halfYear = addDays(today, -182);
    const queries: [string, string][] = [
      ['tiến độ / progress', '/api/progress'],
      ['tiến độ 6 tháng trước / as of a past day', `/api/progress?date=${halfYear}`],
      ['biểu đồ tích lũy 2 năm / burn-up', '/api/progress/burnup'],
      ['biểu đồ một phông / burn-up, one fonds', '/api/progress/burnup?fonds=BF0'],
      ['năng suất 28 ngày / throughput, days', '/api/progress/throughput'],
      [
        'năng suất 1 năm theo tuần / by week',
        `/api/progress/throughput?by=week&from=${addDays(today, -364)}`,
      ],
      ['người quét 28 ngày / operators', '/api/progress/operators'],
      ['người quét 6 tháng / operators, half-year', `/api/progress/operators?from=${halfYear}`],
      ['người duyệt 28 ngày / reviewers', '/api/progress/reviewers'],
      ['người duyệt 6 tháng / reviewers, half-year', `/api/progress/reviewers?from=${halfYear}`],
      ['chất lượng 28 ngày / quality', '/api/progress/quality'],
      ['chất lượng 6 tháng / quality, half-year', `/api/progress/quality?from=${halfYear}`],
      ['tình trạng xử lý / pipeline health', '/api/progress/pipeline'],
      ['trang lỗi (50) / failed pages', '/api/progress/failed-pages?limit=50'],
      ['khối lượng các phông / holdings', '/api/holdings'],
      ['mục lục một phông (50) / inventory page', '/api/holdings/BF0/dossiers?limit=50'],
      ['mục lục tìm chữ / inventory search', '/api/holdings/BF0/dossiers?limit=50&q=so%2012'],
      ['CSV theo phông / fonds CSV', '/api/progress/export/fonds'],
      ['CSV người quét / operators CSV', '/api/progress/export/operators'],
    ];
    const times = new Map<string, number[]>();
    // Once cold, then `runs` times each; the first round is not counted.
    for (let r = 0; r <= runs; r++) {
      for (const [name, path] of queries) {
        const ms = await get(path);
        if (r > 0) times.set(name, [...(times.get(name) ?? []), ms]);
      }
    }
    // The dashboard screen loads its six figures at once.
    const screen = [
      '/api/progress',
      '/api/progress/burnup',
      '/api/progress/throughput',
      '/api/progress/operators',
      '/api/progress/reviewers',
      '/api/progress/quality',
    ];
    const whole: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      await Promise.all(screen.map(get));
      whole.push(performance.now() - t);
    }
    const reports: number[] = [];
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
      reports.push(await get(`/api/reports/semiannual?year=${today.slice(0, 4)}&half=${half}`));
    }
    const row = (name: string, xs: number[], limit: number | null) =>
      `${name.padEnd(44)} ${quantile(xs, 0.5).toFixed(0).padStart(6)} ${quantile(xs, 0.95).toFixed(0).padStart(6)} ${Math.max(
        ...xs,
      )
        .toFixed(0)
        .padStart(6)}  ${
        limit === null ? '' : Math.max(...xs) <= limit ? 'đạt / met' : 'CHƯA ĐẠT / missed'
      }`;
    const all = [...times.values()].flat();
    process.stdout.write(
      `Bảng điều khiển, ${JSON.stringify(await counts(url))}, ${runs} lần / dashboard queries, ${runs} runs (ms)\n` +
        `${''.padEnd(44)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'max'.padStart(6)}  ≤ ${LIMIT_MS} ms\n` +
        [...times].map(([k, xs]) => row(k, xs, LIMIT_MS)).join('\n') +
        `\n${row('cả màn hình (6 song song) / whole screen', whole, null)}\n` +
        `${row('báo cáo PDF 6 tháng / semi-annual PDF', reports, null)}\n` +
        `mọi truy vấn ≤ ${LIMIT_MS} ms / every query ≤ ${LIMIT_MS} ms: ${Math.max(...all) <= LIMIT_MS ? 'đạt / met' : 'CHƯA ĐẠT / missed'}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'dashboard',
        rows: await counts(url),
        runs,
        p50: Object.fromEntries([...times].map(([k, xs]) => [k, Math.round(quantile(xs, 0.5))])),
        max: Object.fromEntries([...times].map(([k, xs]) => [k, Math.round(Math.max(...xs))])),
        screenP50: Math.round(quantile(whole, 0.5)),
        reportP50: Math.round(quantile(reports, 0.5)),
      })}\n`,
    );
    return Math.max(...all) <= LIMIT_MS ? 0 : 1;
  } finally {
    await api.close();
  }
}

runMain(main);
