/**
 * Holdings and the import of a mục lục hồ sơ through the api: preview and commit of XLSX and CSV
 * files, idempotence by dossier code, what scanning and review changed kept as it is, every change
 * audited, and bad files refused with a clear error.
 */
import { randomUUID } from 'node:crypto';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  FondsHoldings,
  HoldingsList,
  InventoryPage,
  InventoryResult,
} from './contracts/holdings.js';
import { createRunHarness, type Harness, type TestLogin } from './testing/harness.js';
import { openBatch } from './testing/scenario.js';

let h: Harness;
let manager: TestLogin;
let fonds: string;

beforeAll(async () => {
  h = await createRunHarness();
  manager = await h.login('manager', { displayName: 'Nguyễn Thị Quản' });
  fonds = `F${randomUUID().slice(0, 6)}`;
});

afterAll(async () => {
  await h?.close();
});

const code = (n: number) => `${fonds}.01.${n}`;

type Cells = (string | number | boolean | null)[][];

async function xlsx(rows: Cells): Promise<Buffer> {
  return writeXlsxFile(
    rows.map((r) => r.map((v) => (v === null ? null : { value: v }))),
  ).toBuffer();
}

async function send(
  bytes: Buffer,
  o: { commit?: boolean; name?: string; fondsCode?: string; as?: TestLogin } = {},
) {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], o.name ?? 'muc-luc.xlsx'));
  const res = await h.app.request(
    `/api/holdings/${o.fondsCode ?? fonds}/inventory?commit=${o.commit === true ? 1 : 0}`,
    { method: 'POST', headers: (o.as ?? manager).headers, body: form },
  );
  return {
    status: res.status,
    body: (await res.json()) as InventoryResult & {
      code?: string;
      message?: string;
      hint?: string;
      result?: InventoryResult;
    },
  };
}

const HEADER = [
  'STT',
  'Mã hồ sơ',
  'Hộp số',
  'Hồ sơ số',
  'Tiêu đề hồ sơ',
  'Thời gian bắt đầu',
  'Thời gian kết thúc',
  'Số tờ',
  'Số trang',
  'Sử dụng nhiều',
];

describe('holdings', () => {
  it('creates a fonds with its holdings and audits the change', async () => {
    const res = await h.app.request(`/api/holdings/${fonds}`, {
      method: 'PUT',
      headers: { ...manager.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Phông UBND huyện Văn Lâm', pages: 5000, shelfMetres: 12.5 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as FondsHoldings;
    expect(body.manual).toMatchObject({ pages: 5000, shelfMetres: 12.5, dossiers: null });
    expect(body.fonds).toMatchObject({
      code: fonds,
      unit: 'pages',
      holdings: { pages: 5000, pagesSource: 'manual_pages' },
      target: 2500,
    });
    const f = await h.db.fonds.findUniqueOrThrow({ where: { code: fonds } });
    const actions = (
      await h.db.auditEvent.findMany({ where: { entityId: f.id }, orderBy: { id: 'asc' } })
    ).map((e) => e.action);
    expect(actions).toEqual(['fonds.create', 'fonds.holdings']);
    const unknown = await h.app.request('/api/holdings/KHONGCO', {
      method: 'PUT',
      headers: { ...manager.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ pages: 1 }),
    });
    expect(unknown.status).toBe(404);
  });
});

describe('inventory import', () => {
  it('previews, commits, and changes nothing the second time', async () => {
    const file = await xlsx([
      [
        'MỤC LỤC HỒ SƠ PHÔNG UBND HUYỆN VĂN LÂM',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      HEADER,
      [1, code(1), 1, 1, 'Tập lưu quyết định năm 1998', '02/01/1998', '30/12/1998', 60, 118, 'x'],
      [2, code(2), 1, 2, 'Hồ sơ hội nghị tổng kết', '1998', '1998', 20, null, null],
      [3, code(3), 2, 3, 'Hồ sơ xây dựng trường học', '03/1999', '11/1999', null, 45, 'Không'],
    ]);
    const preview = await send(file);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      committed: false,
      format: 'xlsx',
      headerRow: 2,
      rowsRead: 3,
      errors: [],
      summary: { create: 3, update: 0, unchanged: 0, errors: 0 },
    });
    expect(await h.db.dossier.count({ where: { code: { in: [code(1), code(2), code(3)] } } })).toBe(
      0,
    );

    const done = await send(file, { commit: true });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ committed: true, summary: { create: 3 } });
    const d1 = await h.db.dossier.findUniqueOrThrow({ where: { code: code(1) } });
    expect(d1).toMatchObject({
      status: 'registered',
      title: 'Tập lưu quyết định năm 1998',
      boxNo: '1',
      fileNo: '1',
      startDate: '1998-01-02',
      endDate: '1998-12-30',
      expectedSheets: 60,
      expectedPages: 118,
      highUse: true,
    });
    const d2 = await h.db.dossier.findUniqueOrThrow({ where: { code: code(2) } });
    expect(d2).toMatchObject({ expectedPages: null, expectedSheets: 20, highUse: false });
    const created = await h.db.auditEvent.findFirstOrThrow({
      where: { entityId: d1.id, action: 'dossier.create' },
    });
    expect(created).toMatchObject({
      actorId: manager.user.id,
      after: { source: 'inventory', expectedPages: 118 },
    });

    const again = await send(file, { commit: true });
    expect(again.body.summary).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    expect(await h.db.auditEvent.count({ where: { entityId: d1.id } })).toBe(1);

    // The fonds's holdings now sum the inventory: 118 pages + 20 sheets + 45 pages, beside the
    // 5000 pages entered by hand (which win).
    const list = (await (
      await h.app.request('/api/holdings', { headers: manager.headers })
    ).json()) as HoldingsList;
    const mine = list.items.find((i) => i.fonds.code === fonds);
    expect(mine?.fonds.holdings).toMatchObject({
      pages: 5000,
      inventoryDossiers: 3,
      inventorySized: 3,
    });
    expect(mine?.fonds.highUse).toMatchObject({ dossiers: 1, pages: 118 });
  });

  it('keeps what scanning and review changed, and fills only what they left empty', async () => {
    // Scanned before the inventory came: the agent gave a title, nothing else.
    const scanning = `${fonds}.02.1`;
    const opened = await h.app.request('/api/batches', {
      method: 'POST',
      headers: { ...h.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        dossierCode: scanning,
        fondsCode: fonds,
        title: 'Tên do máy trạm gửi',
      }),
    });
    expect(opened.status).toBe(201);
    const reviewed = `${fonds}.02.2`;
    await h.db.dossier.create({
      data: {
        code: reviewed,
        fondsId: (await h.db.fonds.findUniqueOrThrow({ where: { code: fonds } })).id,
        status: 'in_review',
        title: 'Tên người duyệt đã sửa',
        boxNo: '9',
      },
    });
    const csv = [
      'Mã hồ sơ;Tiêu đề hồ sơ;Hộp số;Số trang;Sử dụng nhiều',
      `${scanning};Tiêu đề trong mục lục;3;88;có`,
      `${reviewed};Tiêu đề trong mục lục;4;12;`,
    ].join('\r\n');
    const r = await send(Buffer.from(csv), { commit: true, name: 'muc-luc.csv' });
    expect(r.status).toBe(200);
    expect(r.body.format).toBe('csv');
    expect(r.body.items).toEqual([
      {
        row: 2,
        code: scanning,
        action: 'update',
        status: 'scanning',
        changed: ['expectedPages', 'highUse', 'boxNo'],
        kept: ['title'],
      },
      {
        row: 3,
        code: reviewed,
        action: 'update',
        status: 'in_review',
        changed: ['expectedPages'],
        kept: ['title', 'boxNo'],
      },
    ]);
    expect(await h.db.dossier.findUniqueOrThrow({ where: { code: scanning } })).toMatchObject({
      title: 'Tên do máy trạm gửi',
      boxNo: '3',
      expectedPages: 88,
      highUse: true,
      status: 'scanning',
    });
    const rv = await h.db.dossier.findUniqueOrThrow({ where: { code: reviewed } });
    expect(rv).toMatchObject({
      title: 'Tên người duyệt đã sửa',
      boxNo: '9',
      expectedPages: 12,
      status: 'in_review',
    });
    const event = await h.db.auditEvent.findFirstOrThrow({
      where: { entityId: rv.id, action: 'dossier.inventory' },
    });
    expect(event).toMatchObject({ before: { expectedPages: null }, after: { expectedPages: 12 } });
  });

  it('lists every bad cell in the preview and refuses to commit any of it', async () => {
    const file = await xlsx([
      HEADER,
      [1, code(10), 1, 1, 'Hồ sơ A', '1998', '1998', 'mười', 10, null],
      [2, code(11), 1, 2, 'Hồ sơ B', '12/1999', '01/1998', null, 5, 'có lẽ'],
      [3, code(10), 1, 3, 'Hồ sơ C', null, null, null, 7, null],
      [4, code(12), 1, 4, 'Hồ sơ D', null, null, null, 8, null],
    ]);
    const preview = await send(file);
    expect(preview.status).toBe(200);
    expect(preview.body.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'H', 'inventory.bad_number'],
      [3, 'J', 'inventory.bad_flag'],
      [3, 'G', 'inventory.bad_date'],
      [4, 'B', 'inventory.duplicate_code'],
    ]);
    expect(preview.body.errors[0]?.message).toBe(
      'Dòng 2, cột H «Số tờ»: "mười" không phải là số / Row 2, column H "Số tờ": "mười" is not a number',
    );
    const commit = await send(file, { commit: true });
    expect(commit.status).toBe(422);
    expect(commit.body.code).toBe('inventory.invalid');
    expect(commit.body.message).toMatch(/^Tệp có 4 lỗi nên chưa nhập dòng nào/);
    expect(commit.body.result?.errors).toHaveLength(4);
    expect(await h.db.dossier.count({ where: { code: code(12) } })).toBe(0);
  });

  it('refuses files that are not a readable inventory, saying what to do', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.alloc(0), 'a.csv', 'inventory.empty'],
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'a.pdf', 'inventory.not_spreadsheet'],
      [
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        'a.xls',
        'inventory.old_excel',
      ],
      [
        Buffer.from('M\xe3 h\xf2 s\xf5,S\xf4\xb4 trang\r\nH1,2\r\n', 'latin1'),
        'a.csv',
        'inventory.encoding',
      ],
      [Buffer.from('Tên hồ sơ,Số trang\nA,2\n'), 'a.csv', 'inventory.no_header'],
      [Buffer.from('\n\n,,\n'), 'a.csv', 'inventory.empty'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.xlsx', 'inventory.unreadable'],
    ];
    for (const [bytes, name, expected] of cases) {
      const r = await send(bytes, { name });
      expect(r.status, name).toBe(422);
      expect(r.body.code, name).toBe(expected);
      expect(r.body.message, name).toMatch(/ \/ /);
      expect(r.body.hint, name).toBeDefined();
    }
    const other = await h.app.request(`/api/holdings/${fonds}/inventory`, {
      method: 'POST',
      headers: manager.headers,
      body: new FormData(),
    });
    expect(other.status).toBe(400);
    expect((await send(await xlsx([HEADER]), { fondsCode: 'KHONGCO' })).status).toBe(404);
  });

  it('refuses a dossier of another fonds and a row naming another fonds', async () => {
    const elsewhere = `X.${randomUUID().slice(0, 8)}`;
    await openBatch(h, elsewhere);
    const r = await send(
      Buffer.from(`Mã hồ sơ,Mã phông,Số trang\n${elsewhere},,3\n${code(20)},KHAC,4\n`),
      { name: 'x.csv' },
    );
    expect(r.body.errors.map((e) => e.code)).toEqual([
      'inventory.other_fonds',
      'inventory.fonds_mismatch',
    ]);
  });

  it("edits a dossier's planning figures and finds dossiers without diacritics", async () => {
    const res = await h.app.request(`/api/holdings/dossiers/${encodeURIComponent(code(3))}`, {
      method: 'PATCH',
      headers: { ...manager.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ expectedPages: 50, highUse: true }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: code(3), expectedPages: 50, highUse: true });
    const found = (await (
      await h.app.request(`/api/holdings/${fonds}/dossiers?q=truong%20hoc`, {
        headers: manager.headers,
      })
    ).json()) as InventoryPage;
    expect(found.items.map((d) => d.code)).toEqual([code(3)]);
    const reviewer = await h.login('reviewer');
    expect((await send(Buffer.from('Mã hồ sơ\nA\n'), { as: reviewer, name: 'a.csv' })).status).toBe(
      403,
    );
  });
});
