/**
 * `npm run bench:review [-- --documents 100000] [--runs 20] [--keep]`
 *
 * How long a reviewer waits to open a 20-page dossier when the database holds 100,000 documents:
 * the api runs over HTTP on this machine against its own database (`sohoa_bench_review`, made and
 * filled here with generated rows), and a client does what the workspace screen does when it
 * opens: the workspace JSON, the first page's OCR words and IIIF info.json, the 20 thumbnails and
 * the first view of the page. Prints p50 / p95 / max per step and for the whole opening, then one
 * line of JSON. The target (issue 6) is ≤ 1 s for the whole opening.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import sharp from 'sharp';
import { runMain } from '../core/run-main.js';
import { benchApi, freshDatabase, quantile } from './bench-api.js';
import { ADMIN_FIRST_PAGE, renderPage } from '../tests/fixtures/render.js';

const PAGES = 20;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    documents: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    'database-url': {
      type: 'string',
      default: 'postgresql://postgres@127.0.0.1:5432/sohoa_bench_review',
    },
  },
});

/** A draft like the pipeline writes: every field with a value, a confidence and word boxes. */
function draftJson(i: number): string {
  const field = (value: string, confidence: number) => ({
    value,
    confidence,
    sources: [{ page: 0, boxes: [{ x0: 100 + (i % 50), y0: 200, x1: 900, y1: 260 }] }],
  });
  return JSON.stringify({
    organ: field('ỦY BAN NHÂN DÂN TỈNH BẮC NINH', 0.93),
    organParent: field('', 0.2),
    number: field(String((i % 900) + 1), 0.88),
    symbol: field('QĐ-UBND', 0.9),
    numberYear: field('2019', 0.7),
    date: field(`2019-${String((i % 12) + 1).padStart(2, '0')}-15`, 0.86),
    place: field('Bắc Ninh', 0.95),
    docType: field('QUYẾT ĐỊNH', 0.97),
    docTypeCode: field('02', 0.97),
    summary: field(`Về việc phê duyệt kế hoạch số ${i} năm 2019 của tỉnh`, 0.62),
    signerAuthority: field('KT. CHỦ TỊCH', 0.8),
    signerTitle: field('PHÓ CHỦ TỊCH', 0.8),
    signerName: field('Nguyễn Văn Hùng', 0.55),
    language: field('01', 0.99),
    pageCount: field('1', 0.9),
  });
}

async function seed(url: string, documents: number, imageSha: string, ocrSha: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const have = await client.query<{ n: string }>('SELECT count(*) AS n FROM document');
    if (Number(have.rows[0]?.n ?? 0) >= documents) return;
    const dossiers = Math.ceil(documents / PAGES);
    process.stderr.write(`bench: tạo / generating ${dossiers} hồ sơ, ${documents} tài liệu…\n`);
    const fonds = randomUUID();
    // md5 of a name, stamped as a version-4 UUID so the api's UUID checks accept it.
    await client.query(
      `CREATE OR REPLACE FUNCTION bench_uuid(text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
       $$ SELECT overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`,
    );
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO fonds (id, code, archive_code, name, updated_at) VALUES ($1, 'BENCH', 'H00', 'Phông thử', now())`,
      [fonds],
    );
    // One dossier = one batch = one 20-frame upload = 20 pages = 20 one-page documents.
    await client.query(
      `INSERT INTO dossier (id, fonds_id, code, title, status, in_review_at, high_use, updated_at, page_count, draft)
       SELECT bench_uuid('d' || g), $1, 'BENCH.' || lpad(g::text, 6, '0'), 'Tập lưu quyết định năm 2019 số ' || g,
              CASE WHEN g % 10 = 0 THEN 'in_review'::dossier_status ELSE 'approved'::dossier_status END,
              now() - (g || ' minutes')::interval, g % 37 = 0, now(), ${PAGES},
              '{"title":{"value":"Tập lưu quyết định","confidence":0.4},"startDate":{"value":"2019-01-02","confidence":0.8},"endDate":{"value":"2019-12-30","confidence":0.8},"totalDocs":{"value":"20","confidence":0.9},"pageCount":{"value":"20","confidence":1}}'::jsonb
       FROM generate_series(1, $2::int) g`,
      [fonds, dossiers],
    );
    await client.query(
      `INSERT INTO scan_batch (id, dossier_id, status, expected_pages, closed_at, assembled_at)
       SELECT bench_uuid('b' || g), bench_uuid('d' || g), 'assembled', ${PAGES}, now(), now()
       FROM generate_series(1, $1::int) g`,
      [dossiers],
    );
    await client.query(
      `INSERT INTO upload (id, batch_id, seq, sha256, bytes, declared_type, media_type, frame_count)
       SELECT bench_uuid('u' || g), bench_uuid('b' || g), 0, lpad(to_hex(g), 64, '0'), 1000000,
              'image/tiff', 'image/tiff', ${PAGES}
       FROM generate_series(1, $1::int) g`,
      [dossiers],
    );
    await client.query(
      `INSERT INTO page (id, batch_id, dossier_id, upload_id, frame_index, status, width, height,
                         dpi_x, dpi_y, color_mode, rotation_deg, skew_deg, is_blank, is_separator,
                         ocr_mean_confidence, ocr_word_count, image_sha256, image_media_type,
                         ocr_sha256, processed_at)
       SELECT bench_uuid('p' || g || '.' || f), bench_uuid('b' || g), bench_uuid('d' || g),
              bench_uuid('u' || g), f, 'done', 2480, 3508, 300, 300, 'gray', 0, 0.2, false, false,
              70 + (g + f) % 25, 320, $2, 'image/jpeg', $3, now()
       FROM generate_series(1, $1::int) g, generate_series(0, ${PAGES - 1}) f`,
      [dossiers, imageSha, ocrSha],
    );
    for (let from = 1; from <= dossiers; from += 1000) {
      const to = Math.min(dossiers, from + 999);
      const docs: string[] = [];
      const params: unknown[] = [];
      for (let g = from; g <= to; g += 1) {
        for (let f = 0; f < PAGES; f += 1) {
          params.push(draftJson(g * PAGES + f));
          docs.push(`(${g}, ${f}, $${params.length}::jsonb)`);
        }
      }
      await client.query(
        `INSERT INTO document (id, dossier_id, batch_id, seq, status, type_code, code_number,
                               code_notation, issued_date, organ_name, subject, page_count, draft,
                               boundary_confidence, updated_at)
         SELECT bench_uuid('t' || v.g || '.' || v.f), bench_uuid('d' || v.g), bench_uuid('b' || v.g),
                v.f + 1, 'draft', '02', (v.f + 1)::text, 'QĐ-UBND', '2019-05-15',
                'ỦY BAN NHÂN DÂN TỈNH BẮC NINH', 'Về việc phê duyệt kế hoạch', 1, v.d, 0.9, now()
         FROM (VALUES ${docs.join(',')}) AS v(g, f, d)`,
        params,
      );
      await client.query(
        `INSERT INTO document_page (document_id, page_id, position)
         SELECT bench_uuid('t' || g || '.' || f), bench_uuid('p' || g || '.' || f), 0
         FROM generate_series($1::int, $2::int) g, generate_series(0, ${PAGES - 1}) f`,
        [from, to],
      );
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const url = values['database-url'];
  const documents = Number(values.documents);
  const runs = Number(values.runs);
  if (!Number.isInteger(documents) || documents < PAGES || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--documents ≥ 20 và --runs ≥ 1 là số nguyên / must be integers\n');
    return 2;
  }
  await freshDatabase(url, values.keep);

  const api = await benchApi(url, { name: 'review', poolSize: 8 });
  const { blobs } = api;

  // A real 300-dpi A4 page and an OCR result of its size, shared by every generated page.
  const page = await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: 300 });
  const jpeg = await sharp(page.png).jpeg({ quality: 85 }).toBuffer();
  const image = await blobs.put(jpeg);
  const words = Array.from({ length: 320 }, (_, i) => ({
    text: `từ${i}`,
    bbox: {
      x0: 200 + (i % 16) * 130,
      y0: 300 + Math.floor(i / 16) * 140,
      x1: 310 + (i % 16) * 130,
      y1: 360 + Math.floor(i / 16) * 140,
    },
    confidence: 50 + (i % 50),
    line: Math.floor(i / 16),
  }));
  const ocr = await blobs.put(
    Buffer.from(
      JSON.stringify({
        width: page.width,
        height: page.height,
        words,
        lines: [],
        text: words.map((w) => w.text).join(' '),
        meanConfidence: 75,
        engine: 'bench',
      }),
    ),
  );
  const seeded = performance.now();
  await seed(url, documents, image.sha256, ocr.sha256);
  process.stderr.write(
    `bench: dữ liệu sẵn sàng / data ready in ${Math.round(performance.now() - seeded)} ms\n`,
  );

  try {
    const base = await api.listen();
    const { cookie } = await api.signInAs('reviewer');
    const get = async (path: string): Promise<{ ms: number; body: Buffer }> => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200)
        throw new Error(`${path}: HTTP ${res.status} ${body.toString().slice(0, 300)}`);
      return { ms: performance.now() - t, body };
    };

    const steps: Record<string, number[]> = {
      workspace: [],
      ocr: [],
      info: [],
      thumbnails: [],
      view: [],
      total: [],
      queue: [],
    };
    // A different dossier each run, so no run reads what the previous one warmed.
    const total = Math.ceil(documents / PAGES);
    for (let r = 0; r < runs + 1; r += 1) {
      const code = `BENCH.${String(1 + Math.floor(((r + 0.5) * total) / (runs + 1))).padStart(6, '0')}`;
      const t0 = performance.now();
      const ws = await get(`/api/dossiers/${encodeURIComponent(code)}/workspace`);
      const w = JSON.parse(ws.body.toString()) as { pages: { id: string }[] };
      const first = w.pages[0]?.id ?? '';
      const [o, info, thumbs] = await Promise.all([
        get(`/api/pages/${first}/ocr`),
        get(`/iiif/3/${first}/info.json`),
        (async () => {
          const t = performance.now();
          await Promise.all(w.pages.map((p) => get(`/iiif/3/${p.id}/full/,160/0/default.jpg`)));
          return { ms: performance.now() - t };
        })(),
      ]);
      const view = await get(`/iiif/3/${first}/full/!1024,1024/0/default.jpg`);
      const all = performance.now() - t0;
      if (r === 0) {
        process.stderr.write(`bench: lần đầu (lạnh) / first (cold): ${Math.round(all)} ms\n`);
        continue;
      }
      steps['workspace']?.push(ws.ms);
      steps['ocr']?.push(o.ms);
      steps['info']?.push(info.ms);
      steps['thumbnails']?.push(thumbs.ms);
      steps['view']?.push(view.ms);
      steps['total']?.push(all);
      // The queue the reviewer comes from: one page of 50 of the 500 dossiers in review.
      steps['queue']?.push((await get('/api/review/queue?limit=50')).ms);
    }
    const row = (name: string, xs: number[]) =>
      `${name.padEnd(34)} ${quantile(xs, 0.5).toFixed(0).padStart(6)} ${quantile(xs, 0.95).toFixed(0).padStart(6)} ${Math.max(
        ...xs,
      )
        .toFixed(0)
        .padStart(6)}`;
    const labels: Record<string, string> = {
      workspace: 'hồ sơ / workspace JSON',
      ocr: 'chữ OCR trang 1 / page 1 OCR',
      info: 'IIIF info.json',
      thumbnails: '20 ảnh thu nhỏ / thumbnails',
      view: 'ảnh xem trang 1 / first view',
      total: 'mở hồ sơ / open the dossier',
      queue: 'hàng đợi duyệt / review queue (50)',
    };
    process.stdout.write(
      `Mở hồ sơ 20 trang, ${documents} tài liệu trong CSDL, ${runs} lần / ` +
        `opening a 20-page dossier, ${documents} documents in the database, ${runs} runs (ms)\n` +
        `${''.padEnd(34)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'max'.padStart(6)}\n` +
        Object.entries(steps)
          .map(([k, xs]) => row(labels[k] ?? k, xs))
          .join('\n') +
        `\nmục tiêu / target: p95 ≤ 1000 ms → ${quantile(steps['total'] ?? [], 0.95) <= 1000 ? 'đạt / met' : 'CHƯA ĐẠT / missed'}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'review-open',
        documents,
        runs,
        p50: Object.fromEntries(
          Object.entries(steps).map(([k, xs]) => [k, Math.round(quantile(xs, 0.5))]),
        ),
        p95: Object.fromEntries(
          Object.entries(steps).map(([k, xs]) => [k, Math.round(quantile(xs, 0.95))]),
        ),
      })}\n`,
    );
    return 0;
  } finally {
    await api.close();
  }
}

runMain(main);
