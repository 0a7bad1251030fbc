/**
 * Test support: a small archive with a known history, written straight into the tables with the
 * timestamps scanning, the pipeline and review would have left, so that every progress figure can
 * be worked out by hand (api/progress.int.test.ts does, in its comments).
 *
 * Fonds (target 50 %, deadline 31/12/2026), as of Tuesday 30/06/2026:
 * - PA "Phông UBND tỉnh": 1000 pages entered by hand; dossiers A1 (high use, 40 expected pages) …
 *   A5. A1: scanned 01/06 by An at WS1 (40 pages, OCR 85), approved 02/06 by R1, catalogued
 *   02/06. A2: scanned 10/06 by Bình at WS2 (30 pages, OCR 55), rejected 11/06 by R2 (thiếu
 *   trang), rescanned 12/06 by An at WS1 (32 pages, OCR 92), edited by R1 (title; subject and
 *   organ of its document, subject twice), approved and catalogued 15/06. A3: scanned 20/06 at
 *   WS1 with no operator name (50 pages; 48 finished 21/06 at OCR 75, 2 failed), in review. A4:
 *   registered. A5: scanned and finished 29/06 by An at WS1 (20 pages, OCR 95), approved 29/06
 *   by R2, not catalogued yet.
 * - PB "Phông Sở Nội vụ": no figures entered; B1 (high use, 100 pages expected) scanned 22/06 by
 *   Bình at WS2 (100 pages: 98 at OCR 65 and 2 blank), number and keywords edited by R2,
 *   approved 25/06 by R2, catalogued 26/06 with 98 pages; B2 (60 sheets expected) being scanned
 *   since 29/06 by Cường at no registered workstation (20 pages queued); B3 registered, no size.
 * - PC "Phông Hội đồng": 10 dossiers entered by hand, no page count; C1 scanned 20/05 by An at WS1
 *   (10 pages, OCR 45), approved and catalogued 21/05 by R1.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../core/db/client.js';
import type { Prisma } from '../../core/db/client.js';

/** An instant given as a Vietnam day and time. */
export const vn = (day: string, time = '09:00'): Date => new Date(`${day}T${time}:00+07:00`);

/** The clock of the history: Tuesday 30/06/2026, 10:00 in Vietnam. */
export const NOW = vn('2026-06-30', '10:00');

interface PageSpec {
  readonly n: number;
  readonly created: Date;
  readonly status: 'queued' | 'done' | 'failed';
  readonly processed?: Date;
  readonly conf?: number;
  readonly blank?: boolean;
}

export interface History {
  readonly fonds: Record<'PA' | 'PB' | 'PC', string>;
  readonly dossiers: Record<string, string>;
  readonly users: Record<'R1' | 'R2', string>;
  readonly workstations: Record<'WS1' | 'WS2', string>;
  readonly failedPageIds: string[];
  readonly queuedPageIds: string[];
}

/** Writes the history into `db` (an empty, migrated database). */
export async function seedHistory(db: PrismaClient): Promise<History> {
  await db.progressSettings.update({
    where: { id: 1 },
    data: {
      targetPercent: 50,
      deadline: new Date('2026-12-31T00:00:00Z'),
      organization: 'Trung tâm Lưu trữ lịch sử tỉnh Hưng Yên',
      place: 'Hưng Yên',
    },
  });
  const user = (name: string, username: string) =>
    db.user.create({ data: { username, displayName: name, role: 'reviewer', passwordHash: 'x' } });
  const r1 = await user('Phạm Thị Duyệt', 'r1');
  const r2 = await user('Hoàng Văn Xét', 'r2');
  const ws = (name: string) =>
    db.workstation.create({
      data: { name, tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0') },
    });
  const ws1 = await ws('Máy quét 1');
  const ws2 = await ws('Máy quét 2');
  const fonds = async (code: string, name: string) =>
    (await db.fonds.create({ data: { code, name, archiveCode: 'H00' } })).id;
  const pa = await fonds('PA', 'Phông UBND tỉnh');
  const pb = await fonds('PB', 'Phông Sở Nội vụ');
  const pc = await fonds('PC', 'Phông Hội đồng');
  await db.fondsHoldings.create({ data: { fondsId: pa, pages: 1000 } });
  await db.fondsHoldings.create({ data: { fondsId: pc, dossiers: 10 } });

  const dossiers: Record<string, string> = {};
  const dossier = async (
    code: string,
    fondsId: string,
    d: Partial<Prisma.DossierUncheckedCreateInput>,
  ) => {
    const row = await db.dossier.create({ data: { code, fondsId, title: `Hồ sơ ${code}`, ...d } });
    dossiers[code] = row.id;
    return row.id;
  };
  const failedPageIds: string[] = [];
  const queuedPageIds: string[] = [];
  const batch = async (
    dossierId: string,
    o: {
      operator: string | null;
      ws: string | null;
      opened: Date;
      assembled?: Date;
      open?: boolean;
    },
    pages: readonly PageSpec[],
  ) => {
    const b = await db.scanBatch.create({
      data: {
        dossierId,
        workstationId: o.ws,
        operatorName: o.operator,
        status: o.open === true ? 'open' : o.assembled === undefined ? 'closed' : 'assembled',
        openedAt: o.opened,
        closedAt: o.open === true ? null : o.opened,
        assembledAt: o.assembled ?? null,
      },
    });
    const total = pages.reduce((a, p) => a + p.n, 0);
    const upload = await db.upload.create({
      data: {
        batchId: b.id,
        seq: 0,
        sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        bytes: 1000,
        declaredType: 'image/tiff',
        mediaType: 'image/tiff',
        frameCount: total,
        createdAt: o.opened,
      },
    });
    let frame = 0;
    for (const p of pages) {
      const ids = Array.from({ length: p.n }, () => randomUUID());
      await db.page.createMany({
        data: ids.map((id) => ({
          id,
          batchId: b.id,
          dossierId,
          uploadId: upload.id,
          frameIndex: frame++,
          status: p.status,
          createdAt: p.created,
          processedAt: p.processed ?? null,
          ocrMeanConfidence: p.conf ?? null,
          isBlank: p.blank ?? false,
          isSeparator: false,
          ...(p.status === 'failed'
            ? {
                errorCode: 'decode.truncated',
                errorMessage: 'Tệp bị cắt cụt / The file is truncated',
                errorHint: 'Quét lại trang / Scan the page again',
              }
            : {}),
        })),
      });
      if (p.status === 'failed') failedPageIds.push(...ids);
      if (p.status === 'queued') queuedPageIds.push(...ids);
    }
    return b.id;
  };
  const documents = async (dossierId: string, batchId: string, n: number) => {
    // What assembly writes beside the documents: their number on the dossier.
    await db.dossier.update({ where: { id: dossierId }, data: { totalDocs: n } });
    const ids: string[] = [];
    for (let i = 1; i <= n; i++) {
      ids.push(
        (await db.document.create({ data: { dossierId, batchId, seq: i, pageCount: 1 } })).id,
      );
    }
    return ids;
  };
  const events: Prisma.AuditEventCreateManyInput[] = [];
  const decide = (
    action: 'dossier.approve' | 'dossier.reject',
    who: string,
    id: string,
    at: Date,
    reason?: string,
  ) =>
    events.push({
      at,
      actorType: 'user',
      actorId: who,
      action,
      entityType: 'dossier',
      entityId: id,
      after:
        reason === undefined
          ? { status: 'approved' }
          : { status: 'rejected', rejectReason: reason },
    });
  const edit = (
    who: string,
    entityType: 'document' | 'dossier',
    id: string,
    at: Date,
    fields: string[],
  ) =>
    events.push({
      at,
      actorType: 'user',
      actorId: who,
      action: `${entityType}.update`,
      entityType,
      entityId: id,
      before: Object.fromEntries(fields.map((f) => [f, 'cũ'])),
      after: Object.fromEntries(fields.map((f) => [f, 'mới'])),
    });
  const approved = (at: Date, by: string, pages: number, catalogued: Date | null) => ({
    status: 'approved' as const,
    approvedAt: at,
    approvedById: by,
    approvedVersion: 2,
    cataloguedAt: catalogued,
    pageCount: pages,
  });

  // PA
  const a1 = await dossier('A1', pa, {
    highUse: true,
    expectedPages: 40,
    ...approved(vn('2026-06-02', '10:00'), r1.id, 40, vn('2026-06-02', '11:00')),
  });
  const a1b = await batch(
    a1,
    {
      operator: 'Nguyễn Văn An',
      ws: ws1.id,
      opened: vn('2026-06-01'),
      assembled: vn('2026-06-01', '15:00'),
    },
    [
      {
        n: 40,
        created: vn('2026-06-01'),
        status: 'done',
        processed: vn('2026-06-01', '12:00'),
        conf: 85,
      },
    ],
  );
  await documents(a1, a1b, 2);
  decide('dossier.approve', r1.id, a1, vn('2026-06-02', '10:00'));

  const a2 = await dossier('A2', pa, {
    expectedPages: 30,
    rejectReason: 'missing_page',
    rejectedAt: vn('2026-06-11', '10:00'),
    ...approved(vn('2026-06-15', '10:00'), r1.id, 32, vn('2026-06-15', '11:00')),
  });
  await batch(
    a2,
    {
      operator: 'Trần Thị Bình',
      ws: ws2.id,
      opened: vn('2026-06-10'),
      assembled: vn('2026-06-10', '16:00'),
    },
    [
      {
        n: 30,
        created: vn('2026-06-10'),
        status: 'done',
        processed: vn('2026-06-10', '11:00'),
        conf: 55,
      },
    ],
  );
  decide('dossier.reject', r2.id, a2, vn('2026-06-11', '10:00'), 'missing_page');
  const a2b = await batch(
    a2,
    {
      operator: 'Nguyễn Văn An',
      ws: ws1.id,
      opened: vn('2026-06-12'),
      assembled: vn('2026-06-12', '16:00'),
    },
    [
      {
        n: 32,
        created: vn('2026-06-12'),
        status: 'done',
        processed: vn('2026-06-12', '11:00'),
        conf: 92,
      },
    ],
  );
  const [docA2 = ''] = await documents(a2, a2b, 1);
  edit(r1.id, 'dossier', a2, vn('2026-06-14'), ['title']);
  edit(r1.id, 'document', docA2, vn('2026-06-14'), ['subject', 'organName']);
  edit(r1.id, 'document', docA2, vn('2026-06-15', '08:00'), ['subject']);
  decide('dossier.approve', r1.id, a2, vn('2026-06-15', '10:00'));

  const a3 = await dossier('A3', pa, {
    expectedPages: 50,
    status: 'in_review',
    inReviewAt: vn('2026-06-21', '16:00'),
    pageCount: 48,
  });
  await batch(
    a3,
    { operator: null, ws: ws1.id, opened: vn('2026-06-20'), assembled: vn('2026-06-21', '16:00') },
    [
      {
        n: 48,
        created: vn('2026-06-20'),
        status: 'done',
        processed: vn('2026-06-21', '11:00'),
        conf: 75,
      },
      { n: 2, created: vn('2026-06-20'), status: 'failed' },
    ],
  );
  await dossier('A4', pa, { expectedPages: 100 });
  const a5 = await dossier('A5', pa, {
    expectedPages: 20,
    ...approved(vn('2026-06-29', '15:00'), r2.id, 20, null),
  });
  const a5b = await batch(
    a5,
    {
      operator: 'Nguyễn Văn An',
      ws: ws1.id,
      opened: vn('2026-06-29', '08:00'),
      assembled: vn('2026-06-29', '12:00'),
    },
    [
      {
        n: 20,
        created: vn('2026-06-29', '08:00'),
        status: 'done',
        processed: vn('2026-06-29', '10:00'),
        conf: 95,
      },
    ],
  );
  await documents(a5, a5b, 1);
  decide('dossier.approve', r2.id, a5, vn('2026-06-29', '15:00'));

  // PB
  const b1 = await dossier('B1', pb, {
    highUse: true,
    expectedPages: 100,
    ...approved(vn('2026-06-25', '10:00'), r2.id, 98, vn('2026-06-26', '09:00')),
  });
  const b1b = await batch(
    b1,
    {
      operator: 'Trần Thị Bình',
      ws: ws2.id,
      opened: vn('2026-06-22'),
      assembled: vn('2026-06-22', '17:00'),
    },
    [
      {
        n: 98,
        created: vn('2026-06-22'),
        status: 'done',
        processed: vn('2026-06-22', '14:00'),
        conf: 65,
      },
      {
        n: 2,
        created: vn('2026-06-22'),
        status: 'done',
        processed: vn('2026-06-22', '14:00'),
        conf: 0,
        blank: true,
      },
    ],
  );
  const [docB1 = ''] = await documents(b1, b1b, 2);
  edit(r2.id, 'document', docB1, vn('2026-06-24'), ['codeNumber', 'keywords']);
  decide('dossier.approve', r2.id, b1, vn('2026-06-25', '10:00'));
  const b2 = await dossier('B2', pb, { expectedSheets: 60, status: 'scanning' });
  await batch(
    b2,
    { operator: 'Lê Văn Cường', ws: null, opened: vn('2026-06-29', '08:00'), open: true },
    [{ n: 20, created: vn('2026-06-29', '08:00'), status: 'queued' }],
  );
  await dossier('B3', pb, {});

  // PC
  const c1 = await dossier(
    'C1',
    pc,
    approved(vn('2026-05-21', '10:00'), r1.id, 10, vn('2026-05-21', '11:00')),
  );
  const c1b = await batch(
    c1,
    {
      operator: 'Nguyễn Văn An',
      ws: ws1.id,
      opened: vn('2026-05-20'),
      assembled: vn('2026-05-20', '15:00'),
    },
    [
      {
        n: 10,
        created: vn('2026-05-20'),
        status: 'done',
        processed: vn('2026-05-20', '11:00'),
        conf: 45,
      },
    ],
  );
  await documents(c1, c1b, 1);
  decide('dossier.approve', r1.id, c1, vn('2026-05-21', '10:00'));

  await db.auditEvent.createMany({ data: events });
  return {
    fonds: { PA: pa, PB: pb, PC: pc },
    dossiers,
    users: { R1: r1.id, R2: r2.id },
    workstations: { WS1: ws1.id, WS2: ws2.id },
    failedPageIds,
    queuedPageIds,
  };
}
