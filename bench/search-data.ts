/**
 * Generated catalogue for `npm run bench:search`: fonds, approved dossiers of 20 documents, and
 * one catalogue record per document made by SQL generate_series, with realistic Vietnamese
 * metadata (types, numbers and symbols, organs, dates 1975–2024, summaries) and OCR text assembled
 * from sentences of administrative documents; 85 % public, 10 % conditional, 5 % secret. The
 * records go through the migration's own trigger, so the search table is built exactly as ingest
 * builds it.
 */
import pg from 'pg';

const TYPES = ['02', '10', '14', '15', '22', '07', '20', '01', '03', '08'];
const TYPE_NAMES = [
  'Quyết định',
  'Kế hoạch',
  'Báo cáo',
  'Tờ trình',
  'Công văn',
  'Thông báo',
  'Biên bản',
  'Nghị quyết',
  'Chỉ thị',
  'Hướng dẫn',
];
const ABBR = ['QĐ', 'KH', 'BC', 'TTr', 'CV', 'TB', 'BB', 'NQ', 'CT', 'HD'];
export const ORGANS = [
  'Ủy ban nhân dân tỉnh Hưng Yên',
  'Sở Nội vụ tỉnh Hưng Yên',
  'Sở Tài chính tỉnh Hưng Yên',
  'Ủy ban nhân dân huyện Văn Lâm',
  'Sở Xây dựng tỉnh Hưng Yên',
  'Ủy ban nhân dân thị xã Mỹ Hào',
  'Sở Giáo dục và Đào tạo',
  'Sở Nông nghiệp và Phát triển nông thôn',
  'Sở Y tế tỉnh Hưng Yên',
  'Ban Thi đua - Khen thưởng',
];
const ORGAN_ABBR = ['UBND', 'SNV', 'STC', 'UBND', 'SXD', 'UBND', 'SGDĐT', 'SNN', 'SYT', 'BTĐKT'];
export const SUBJECTS = [
  'phê duyệt kế hoạch số hóa tài liệu lưu trữ',
  'giao chỉ tiêu kế hoạch phát triển kinh tế xã hội',
  'kết quả thực hiện công tác cải cách hành chính',
  'thành lập hội đồng xác định giá trị tài liệu',
  'điều chỉnh quy hoạch sử dụng đất',
  'khen thưởng tập thể và cá nhân có thành tích xuất sắc',
  'tổ chức đại hội thi đua yêu nước',
  'phân bổ kinh phí sự nghiệp giáo dục',
  'xây dựng trường học đạt chuẩn quốc gia',
  'phòng chống dịch bệnh gia súc gia cầm',
  'tuyển dụng công chức cấp xã',
  'nâng cấp đường giao thông nông thôn',
  'giải quyết khiếu nại tố cáo của công dân',
  'kiểm kê đất đai và lập bản đồ hiện trạng',
  'bàn giao tài liệu vào lưu trữ lịch sử',
];
const SENTENCES = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.',
  'Căn cứ Luật Lưu trữ số 33/2024/QH15 của Quốc hội.',
  'Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.',
  'Điều 1. Phê duyệt kèm theo Quyết định này danh mục tài liệu.',
  'Điều 2. Giao Sở Tài chính bố trí kinh phí thực hiện.',
  'Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở chịu trách nhiệm thi hành.',
  'Nơi nhận: như Điều 3; Lưu: VT.',
  'Tình hình sản xuất nông nghiệp vụ đông xuân đạt kết quả khá.',
  'Công tác phòng chống thiên tai được triển khai kịp thời.',
  'Tổng số hồ sơ đã chỉnh lý là 1.250 hồ sơ, tương đương 45 mét giá.',
  'Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 30 tháng 6.',
  'Đề nghị Ủy ban nhân dân các huyện, thành phố phối hợp thực hiện.',
  'Kinh phí thực hiện từ nguồn ngân sách nhà nước.',
  'Thời gian thực hiện từ tháng 3 đến tháng 12.',
  'Hội nghị đã thống nhất các nội dung chủ yếu sau đây.',
  'Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp.',
  'Trường học, trạm y tế và nhà văn hóa được đầu tư xây dựng mới.',
  'Diện tích đất nông nghiệp chuyển mục đích sử dụng là 12,5 ha.',
  'Ban hành kèm theo Quyết định này Quy chế làm việc.',
  'Tài liệu được bảo quản trong kho lưu trữ chuyên dụng.',
];
const SIGNERS = [
  'Nguyễn Văn Hùng',
  'Trần Thị Lan',
  'Lê Văn Nam',
  'Phạm Đức Thắng',
  'Đỗ Thị Hoa',
  'Vũ Quang Minh',
];
export const FONDS_COUNT = 50;
const DOCS_PER_DOSSIER = 20;

const arr = (xs: readonly string[]) =>
  `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/** The INSERT of the catalogue records of dossiers `from`..`to` (h: a hash of the document). */
const RECORDS_SQL = `
WITH v AS (SELECT ${arr(TYPES)} AS types, ${arr(TYPE_NAMES)} AS tnames, ${arr(ABBR)} AS abbr,
  ${arr(ORGANS)} AS organs, ${arr(ORGAN_ABBR)} AS oabbr, ${arr(SUBJECTS)} AS subjects,
  ${arr(SENTENCES)} AS sents, ${arr(SIGNERS)} AS signers),
r AS (SELECT g, s, (hashint4(g * 20 + s) & 2147483647) AS h
        FROM generate_series($1::int, $2::int) g, generate_series(1, ${DOCS_PER_DOSSIER}) s),
x AS (SELECT r.*, v.*, 1975 + (h / 13) % 50 AS yr, 1 + (h / 10) % 400 AS num,
             'H00.B.' || lpad(g::text, 6, '0') AS fcode FROM r, v)
INSERT INTO catalogue_record (id, document_id, dossier_id, version, approved_version, metadata,
  full_text, pdf_sha256, pdf_bytes, pdf_name, signed, files, approved_at, created_at)
SELECT bench_uuid('r' || g || '.' || s), bench_uuid('t' || g || '.' || s), bench_uuid('d' || g), 1, 1,
  jsonb_build_object(
    'document', jsonb_build_object('arcFileCode', fcode, 'docCode', fcode || '.' || lpad(s::text, 7, '0'),
      'docOrdinal', s, 'typeName', types[1 + h % 10], 'codeNumber', num::text,
      'codeNotation', abbr[1 + h % 10] || '-' || oabbr[1 + (h / 7) % 10],
      'issuedDate', yr || '-' || lpad((1 + (h / 17) % 12)::text, 2, '0') || '-' || lpad((1 + (h / 19) % 28)::text, 2, '0'),
      'organName', organs[1 + (h / 7) % 10], 'subject', 'Về việc ' || subjects[1 + (h / 23) % 15] || ' năm ' || yr,
      'mode', CASE WHEN h % 100 < 85 THEN '01' WHEN h % 100 < 95 THEN '02' ELSE '03' END,
      'language', jsonb_build_array('01'), 'numberOfPage', 1 + h % 5),
    'dossier', jsonb_build_object('arcFileCode', fcode, 'title', 'Tập lưu văn bản năm ' || yr, 'mode', '01'),
    'other', jsonb_build_object('signerName', signers[1 + (h / 29) % 6]),
    'labels', jsonb_build_object('typeName', tnames[1 + h % 10]),
    'fonds', jsonb_build_object('code', 'P' || lpad((1 + g % ${FONDS_COUNT})::text, 3, '0'), 'name', 'Phông ' || (1 + g % ${FONDS_COUNT}))),
  upper(organs[1 + (h / 7) % 10]) || E'\\n' || 'Số: ' || num || '/' || abbr[1 + h % 10] || '-' || oabbr[1 + (h / 7) % 10]
    || E'\\n' || upper(tnames[1 + h % 10]) || E'\\n' || 'Về việc ' || subjects[1 + (h / 23) % 15] || E'\\n'
    || (SELECT string_agg(sents[1 + ((h >> k) + k * 7) % 20], ' ') FROM generate_series(0, 9 + h % 6) k),
  lpad(to_hex(g * 20 + s), 64, '0'), 100000, fcode || '.' || s || '.pdf', true, '{}'::jsonb, now(),
  now() - ((h % 500000) || ' minutes')::interval
FROM x`;

/** Fills `url` with `records` records (a multiple of 20) unless it has them; prints progress. */
export async function seedCatalogue(
  url: string,
  records: number,
  log: (s: string) => void,
): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const have = Number(
      (await admin.query<{ n: string }>('SELECT count(*) AS n FROM catalogue_record')).rows[0]?.n ??
        0,
    );
    if (have >= records) return;
    if (have > 0)
      throw new Error(
        `the bench database holds ${have} records, not ${records}: run without --keep`,
      );
    const dossiers = Math.ceil(records / DOCS_PER_DOSSIER);
    await admin.query(
      `CREATE OR REPLACE FUNCTION bench_uuid(text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
       $$ SELECT overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`,
    );
    await admin.query(
      `INSERT INTO fonds (id, code, archive_code, name, updated_at)
       SELECT bench_uuid('f' || g), 'P' || lpad(g::text, 3, '0'), 'H00', 'Phông ' || g, now()
         FROM generate_series(1, ${FONDS_COUNT}) g`,
    );
    await admin.query(
      `INSERT INTO dossier (id, fonds_id, code, title, status, approved_version, approved_at, catalogued_at, updated_at)
       SELECT bench_uuid('d' || g), bench_uuid('f' || (1 + g % ${FONDS_COUNT})), 'B.' || lpad(g::text, 6, '0'),
              'Tập lưu văn bản số ' || g, 'approved', 1, now(), now(), now()
         FROM generate_series(1, $1::int) g`,
      [dossiers],
    );
    await admin.query(
      `INSERT INTO scan_batch (id, dossier_id, status)
       SELECT bench_uuid('b' || g), bench_uuid('d' || g), 'assembled' FROM generate_series(1, $1::int) g`,
      [dossiers],
    );
    await admin.query(
      `INSERT INTO document (id, dossier_id, batch_id, seq, status, page_count, updated_at)
       SELECT bench_uuid('t' || g || '.' || s), bench_uuid('d' || g), bench_uuid('b' || g), s, 'approved', 1, now()
         FROM generate_series(1, $1::int) g, generate_series(1, ${DOCS_PER_DOSSIER}) s`,
      [dossiers],
    );
    log(
      `bench: ${dossiers} hồ sơ, ${dossiers * DOCS_PER_DOSSIER} tài liệu; đang tạo bản ghi mục lục / generating catalogue records…`,
    );
    // Two connections, each inserting its own chunks (the machine has two cores).
    const chunk = 2500;
    let next = 1;
    let done = 0;
    const started = performance.now();
    const worker = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        for (;;) {
          const from = next;
          if (from > dossiers) return;
          next += chunk;
          const to = Math.min(dossiers, from + chunk - 1);
          await c.query(RECORDS_SQL, [from, to]);
          done += (to - from + 1) * DOCS_PER_DOSSIER;
          const s = (performance.now() - started) / 1000;
          log(
            `bench: ${done} / ${dossiers * DOCS_PER_DOSSIER} bản ghi / records (${s.toFixed(0)} s)`,
          );
        }
      } finally {
        await c.end();
      }
    };
    await Promise.all([worker(), worker()]);
    await admin.query('VACUUM ANALYZE catalogue_search');
    await admin.query('ANALYZE');
  } finally {
    await admin.end();
  }
}
