/**
 * Test support for the review api's integration tests: a dossier in review as the assembly leaves
 * it (processed pages, documents with drafts), and requests made as a signed-in person.
 */
import { randomUUID } from 'node:crypto';
import type { AuditPage, Workspace } from '../contracts/review.js';
import { multiPageTiff } from './files.js';
import type { Harness, TestLogin } from './harness.js';
import { openBatch, putUpload } from './scenario.js';

export interface ReviewFixture {
  code: string;
  dossierId: string;
  batchId: string;
  pageIds: string[];
  docIds: string[];
}

export interface InReviewOptions {
  /** Pages of the one upload (4) */
  pages?: number;
  /** Page indexes of each document ([[0, 1], [2], [3]]) */
  docs?: number[][];
  highUse?: boolean;
  inReviewAt?: Date;
  /** Start of the dossier code */
  prefix?: string;
}

export interface CallInit {
  method?: string;
  body?: unknown;
  /** Who makes the request (the kit's default person otherwise) */
  as?: TestLogin;
  /** Another app over the same collaborators (Harness.withEnv) */
  app?: Harness['app'];
}

const draftField = (value: string | null, confidence: number) => ({
  value,
  confidence,
  sources: [{ page: 0, boxes: [{ x0: 1, y0: 2, x1: 3, y1: 4 }] }],
});

/**
 * A dossier in review: one batch with one multi-page TIFF whose pages are processed (OCR
 * confidence 80, 81, …; the fourth page blank), one document per group of `docs` with codeNumber
 * 100, 101, … and a draft (number 0.9, organ 0.5, date without a value).
 */
export async function inReview(h: Harness, o: InReviewOptions = {}): Promise<ReviewFixture> {
  const code = `${o.prefix ?? 'RV'}.${randomUUID().slice(0, 8)}`;
  const batch = await openBatch(h, code);
  const res = await putUpload(h, batch.id, 0, multiPageTiff(o.pages ?? 4, 24, 16), {
    type: 'image/tiff',
  });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
  const { pageIds } = (await res.json()) as { pageIds: string[] };
  for (const [i, id] of pageIds.entries()) {
    await h.db.page.update({
      where: { id },
      data: {
        status: 'done',
        width: 24,
        height: 16,
        rotationDeg: 0,
        isBlank: i === 3,
        isSeparator: false,
        ocrMeanConfidence: 80 + i,
        ocrWordCount: 10,
      },
    });
  }
  const docIds: string[] = [];
  for (const [i, group] of (o.docs ?? [[0, 1], [2], [3]]).entries()) {
    const doc = await h.db.document.create({
      data: {
        dossierId: batch.dossierId,
        batchId: batch.id,
        seq: i + 1,
        typeCode: '10',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        codeNumber: `${100 + i}`,
        subject: `Kế hoạch số ${i + 1}`,
        pageCount: group.length,
        draft: {
          number: draftField(`${100 + i}`, 0.9),
          organ: draftField('UBND tỉnh Hưng Yên', 0.5),
          date: draftField(null, 0),
        },
        pages: {
          create: group.map((ix, position) => ({ pageId: pageIds[ix] ?? '', position })),
        },
      },
    });
    docIds.push(doc.id);
  }
  await h.db.dossier.update({
    where: { id: batch.dossierId },
    data: {
      status: 'in_review',
      title: `Hồ sơ kế hoạch ${code}`,
      startDate: '2021-01-04',
      endDate: '2021-12-28',
      inReviewAt: o.inReviewAt ?? new Date(),
      highUse: o.highUse ?? false,
    },
  });
  return { code, dossierId: batch.dossierId, batchId: batch.id, pageIds, docIds };
}

/** `/api/dossiers/<code><rest>` with the code percent-encoded. */
export const dossierUrl = (f: ReviewFixture, rest = ''): string =>
  `/api/dossiers/${encodeURIComponent(f.code)}${rest}`;

/** Requests as `who()` (read when the request is made, so it may be set in beforeAll). */
export function reviewClient(h: () => Harness, who: () => TestLogin) {
  const call = async (path: string, init: CallInit = {}): Promise<Response> =>
    (init.app ?? h().app).request(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.as ?? who()).headers,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  return {
    call,
    /** The workspace; throws unless 200 */
    workspace: async (f: ReviewFixture): Promise<Workspace> => {
      const res = await call(dossierUrl(f, '/workspace'));
      if (res.status !== 200) throw new Error(`workspace answered ${res.status}`);
      return (await res.json()) as Workspace;
    },
    /** The dossier's newest 200 audit events; throws unless 200 */
    auditOf: async (f: ReviewFixture): Promise<AuditPage['items']> => {
      const res = await call(dossierUrl(f, '/audit?limit=200'));
      if (res.status !== 200) throw new Error(`audit answered ${res.status}`);
      return ((await res.json()) as AuditPage).items;
    },
  };
}
