/**
 * `PUT /api/dossiers/{code}/structure`: the reviewer's arrangement of the dossier's pages into
 * documents. One call does split, merge, reorder, move and exclude: the body is the whole new
 * arrangement, checked against the dossier, compared with the stored one and written in one
 * transaction (documents renumbered 1..n, page counts recounted, documents left out deleted with
 * their fields kept in the audit log), with the reviewer's page marks (quarter turn, blank,
 * separator).
 *
 * Slightly over 300 lines: checking, writing and auditing an arrangement belong in one transaction.
 */
import type { Prisma } from '../../../core/db/client.js';
import type { AppDeps } from '../../context.js';
import type { Workspace } from '../../contracts/review.js';
import { audit } from '../audit.js';
import { viewerOfActor, type ReviewActor } from './actor.js';
import { ReviewError, structureInvalid } from './errors.js';
import { bumpVersion, dossierIdOf, lockForReview, type DossierRow } from './lock.js';
import { documentFields, getWorkspace } from './workspace.js';

/** The validated body (StructureBody). */
export interface StructureInput {
  readonly version: number;
  readonly documents: readonly { id: string | null; pageIds: readonly string[] }[];
  readonly pages?:
    | readonly {
        id: string;
        reviewRotation?: 0 | 90 | 180 | 270 | undefined;
        blank?: boolean | null | undefined;
        separator?: boolean | null | undefined;
      }[]
    | undefined;
}

interface PageState {
  id: string;
  batchId: string;
  status: string;
  reviewRotation: number;
  reviewBlank: boolean | null;
  reviewSeparator: boolean | null;
}

interface Layout {
  id: string | null;
  seq: number;
  pageIds: readonly string[];
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** Throws `structure.invalid` unless `input` arranges only this dossier's pages and documents. */
function check(
  d: DossierRow,
  input: StructureInput,
  pages: ReadonlyMap<string, PageState>,
  docIds: ReadonlySet<string>,
): void {
  const placed = new Set<string>();
  const named = new Set<string>();
  for (const [i, doc] of input.documents.entries()) {
    if (doc.id !== null) {
      if (!docIds.has(doc.id))
        throw structureInvalid(
          `Tài liệu ${doc.id} không thuộc hồ sơ ${d.code}`,
          `Document ${doc.id} is not in dossier ${d.code}`,
        );
      if (named.has(doc.id))
        throw structureInvalid(
          `Tài liệu ${doc.id} được nêu hai lần`,
          `Document ${doc.id} is listed twice`,
        );
      named.add(doc.id);
    }
    if (doc.pageIds.length === 0)
      throw structureInvalid(
        `Tài liệu thứ ${i + 1} không có trang nào`,
        `Document ${i + 1} has no page`,
      );
    for (const pageId of doc.pageIds) {
      const p = pages.get(pageId);
      if (p === undefined)
        throw structureInvalid(
          `Trang ${pageId} không thuộc hồ sơ ${d.code}`,
          `Page ${pageId} is not in dossier ${d.code}`,
        );
      if (placed.has(pageId))
        throw structureInvalid(
          `Trang ${pageId} nằm trong hai tài liệu`,
          `Page ${pageId} is placed twice`,
        );
      if (p.status !== 'done')
        throw structureInvalid(
          `Trang ${pageId} chưa xử lý xong (${p.status}), không đưa vào tài liệu được`,
          `Page ${pageId} is not processed (${p.status}) and cannot be in a document`,
        );
      placed.add(pageId);
    }
  }
  const marked = new Set<string>();
  for (const p of input.pages ?? []) {
    if (!pages.has(p.id))
      throw structureInvalid(
        `Trang ${p.id} không thuộc hồ sơ ${d.code}`,
        `Page ${p.id} is not in dossier ${d.code}`,
      );
    if (marked.has(p.id))
      throw structureInvalid(`Trang ${p.id} được nêu hai lần`, `Page ${p.id} is listed twice`);
    marked.add(p.id);
  }
}

/** The page marks of `input` that differ from the stored ones, with before/after of those. */
function markChanges(input: StructureInput, pages: ReadonlyMap<string, PageState>) {
  const out: {
    id: string;
    before: Record<string, unknown>;
    after: Prisma.PageUncheckedUpdateInput & Record<string, unknown>;
  }[] = [];
  for (const m of input.pages ?? []) {
    const p = pages.get(m.id);
    if (p === undefined) continue;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (m.reviewRotation !== undefined && m.reviewRotation !== p.reviewRotation) {
      before['reviewRotation'] = p.reviewRotation;
      after['reviewRotation'] = m.reviewRotation;
    }
    if (m.blank !== undefined && m.blank !== p.reviewBlank) {
      before['reviewBlank'] = p.reviewBlank;
      after['reviewBlank'] = m.blank;
    }
    if (m.separator !== undefined && m.separator !== p.reviewSeparator) {
      before['reviewSeparator'] = p.reviewSeparator;
      after['reviewSeparator'] = m.separator;
    }
    if (Object.keys(after).length > 0) out.push({ id: m.id, before, after });
  }
  return out;
}

/**
 * Arranges dossier `code` as `input` says, as `actor`, and answers the workspace. Throws
 * `dossier.not_found`, `dossier.version_conflict`, `review.not_in_review`, `structure.invalid`
 * (400: a page or document of another dossier, a page twice, an empty or unprocessed document)
 * and `structure.catalogued` (409: deleting a document that has catalogue records).
 */
export async function putStructure(
  deps: AppDeps,
  actor: ReviewActor,
  code: string,
  input: StructureInput,
): Promise<Workspace> {
  const id = await dossierIdOf(deps.db, code);
  await deps.db.$transaction(
    async (tx) => {
      const d = await lockForReview(tx, id, input.version);
      const [pageRows, docs] = await Promise.all([
        tx.page.findMany({
          where: { dossierId: id },
          select: {
            id: true,
            batchId: true,
            status: true,
            reviewRotation: true,
            reviewBlank: true,
            reviewSeparator: true,
          },
        }),
        tx.document.findMany({
          where: { dossierId: id },
          orderBy: { seq: 'asc' },
          include: {
            pages: { select: { pageId: true }, orderBy: { position: 'asc' } },
            _count: { select: { records: true } },
          },
        }),
      ]);
      const pages = new Map(pageRows.map((p) => [p.id, p]));
      check(d, input, pages, new Set(docs.map((x) => x.id)));

      const before: Layout[] = docs.map((x) => ({
        id: x.id,
        seq: x.seq,
        pageIds: x.pages.map((p) => p.pageId),
      }));
      const wanted: Layout[] = input.documents.map((x, i) => ({
        id: x.id,
        seq: i + 1,
        pageIds: x.pageIds,
      }));
      const kept = new Set(wanted.map((x) => x.id));
      const deleted = docs.filter((x) => !kept.has(x.id));
      const catalogued = deleted.find((x) => x._count.records > 0);
      if (catalogued !== undefined)
        throw new ReviewError(409, 'structure.catalogued', {
          message: `Tài liệu số ${catalogued.seq} đã vào danh mục, không xóa được / Document ${catalogued.seq} is catalogued and cannot be deleted`,
          hint: 'Giữ tài liệu đó trong hồ sơ; có thể chuyển trang của nó / Keep that document; its pages may be moved',
        });
      const layoutChanged = JSON.stringify(before) !== JSON.stringify(wanted);
      const marks = markChanges(input, pages);
      if (!layoutChanged && marks.length === 0) return;

      const created: Layout[] = [];
      if (layoutChanged) {
        const docIds = docs.map((x) => x.id);
        await tx.documentPage.deleteMany({ where: { documentId: { in: docIds } } });
        if (deleted.length > 0)
          await tx.document.deleteMany({ where: { id: { in: deleted.map((x) => x.id) } } });
        // Free the seqs (unique per dossier) before renumbering.
        await tx.$executeRaw`UPDATE document SET seq = -seq WHERE dossier_id = ${id}::uuid`;
        const rows: { documentId: string; pageId: string; position: number }[] = [];
        for (const w of wanted) {
          const old = before.find((b) => b.id === w.id);
          let docId: string;
          if (w.id === null) {
            const first = pages.get(w.pageIds[0] ?? '');
            const doc = await tx.document.create({
              data: {
                dossierId: id,
                batchId: first?.batchId ?? '',
                seq: w.seq,
                status: 'draft',
                pageCount: w.pageIds.length,
                // Like the assembly: a new document starts with its dossier's codes.
                accessModeCode: d.accessModeCode,
                maintenanceCode: d.maintenanceCode,
                languageCodes: d.languageCodes,
              },
              select: { id: true },
            });
            docId = doc.id;
            created.push({ ...w, id: docId });
          } else {
            docId = w.id;
            const pagesChanged = JSON.stringify(old?.pageIds) !== JSON.stringify(w.pageIds);
            await tx.document.update({
              where: { id: docId },
              data: {
                seq: w.seq,
                pageCount: w.pageIds.length,
                ...(pagesChanged ? { version: { increment: 1 } } : {}),
              },
            });
          }
          w.pageIds.forEach((pageId, position) =>
            rows.push({ documentId: docId, pageId, position }),
          );
        }
        await tx.documentPage.createMany({ data: rows });
      }
      for (const m of marks) await tx.page.update({ where: { id: m.id }, data: m.after });

      const pageCount = wanted.reduce((n, w) => n + w.pageIds.length, 0);
      await bumpVersion(tx, d, {
        lastEditorId: actor.user.id,
        ...(layoutChanged ? { totalDocs: wanted.length, pageCount } : {}),
      });
      const common = { actor: actor.user, requestId: actor.requestId };
      if (layoutChanged) {
        const ids = new Map(created.map((c) => [c.seq, c.id]));
        await audit(tx, {
          ...common,
          action: 'dossier.structure',
          entityType: 'dossier',
          entityId: id,
          before: json({ documents: before, totalDocs: d.totalDocs, pageCount: d.pageCount }),
          after: json({
            documents: wanted.map((w) => ({ ...w, id: w.id ?? ids.get(w.seq) ?? null })),
            totalDocs: wanted.length,
            pageCount,
          }),
        });
        for (const x of deleted) {
          await audit(tx, {
            ...common,
            action: 'document.delete',
            entityType: 'document',
            entityId: x.id,
            before: json({
              seq: x.seq,
              batchId: x.batchId,
              pageIds: x.pages.map((p) => p.pageId),
              pdfName: x.pdfName,
              pdfSha256: x.pdfSha256,
              fields: documentFields(x),
            }),
          });
        }
        for (const c of created) {
          await audit(tx, {
            ...common,
            action: 'document.create',
            entityType: 'document',
            entityId: c.id ?? '',
            after: json({ seq: c.seq, pageIds: c.pageIds }),
          });
        }
      }
      for (const m of marks) {
        await audit(tx, {
          ...common,
          action: 'page.review',
          entityType: 'page',
          entityId: m.id,
          before: json(m.before),
          after: json(m.after),
        });
      }
    },
    { timeout: 30_000 },
  );
  return getWorkspace(deps.db, code, deps.config.review.twoPerson, viewerOfActor(actor));
}
