/**
 * Importing a mục lục hồ sơ into a fonds: a preview (dry run) that says, row by row, what would
 * be created, changed or left alone and why, then the same file committed in one transaction.
 *
 * What a row may change, so that nothing scanning or review did is overwritten:
 * - the planning figures (Số trang → expectedPages, Số tờ → expectedSheets, Sử dụng nhiều →
 *   highUse) always, from a non-empty cell;
 * - the descriptive fields (title, mục lục, hộp, hồ sơ số, dates, thời hạn, ghi chú): all of them
 *   while the dossier is only registered; only the empty ones while it is being scanned or
 *   processed; none once it is in review, approved or rejected (reviewers own them then). A field
 *   left alone for that reason is reported as `kept`.
 * An empty cell never clears a stored value. Importing the same file again changes nothing.
 * Every created or changed dossier gets an audit event (`dossier.create`, `dossier.inventory`),
 * and the import one (`inventory.import`) on the fonds.
 */
import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../../core/db/client.js';
import { InputError } from '../../../core/errors.js';
import type { AppDeps, UserPrincipal } from '../../context.js';
import type { InventoryResult } from '../../contracts/holdings.js';
import { HttpError, notFound } from '../../errors.js';
import { writeImport, type Item, type Planned } from './import-write.js';
import { readInventoryFile } from './read-file.js';
import { HeaderError, parseInventory, type InventoryRow } from './rows.js';

const PLANNING = ['expectedPages', 'expectedSheets', 'highUse'] as const;
const DESCRIPTIVE = [
  'title',
  'inventoryNo',
  'boxNo',
  'fileNo',
  'startDate',
  'endDate',
  'maintenanceCode',
  'description',
] as const;
type Key = (typeof PLANNING)[number] | (typeof DESCRIPTIVE)[number];

const SELECT = {
  id: true,
  code: true,
  fondsId: true,
  status: true,
  expectedPages: true,
  expectedSheets: true,
  highUse: true,
  title: true,
  inventoryNo: true,
  boxNo: true,
  fileNo: true,
  startDate: true,
  endDate: true,
  maintenanceCode: true,
  description: true,
} as const;
type Existing = Prisma.DossierGetPayload<{ select: typeof SELECT }>;

/** What each row would do against the dossiers `existing` (by code). */
function plan(
  fonds: { id: string; code: string },
  rows: readonly InventoryRow[],
  existing: ReadonlyMap<string, Existing>,
): Planned {
  const out: Planned = { items: [], errors: [], creates: [], updates: [] };
  for (const r of rows) {
    if (r.fonds !== undefined && r.fonds.toLowerCase() !== fonds.code.toLowerCase()) {
      out.errors.push({
        row: r.row,
        column: null,
        header: null,
        code: 'inventory.fonds_mismatch',
        message: `Dòng ${r.row}: mã phông ${r.fonds} khác phông đang nhập ${fonds.code} / Row ${r.row}: fonds ${r.fonds} is not the fonds being imported, ${fonds.code}`,
      });
      continue;
    }
    const given: Partial<Record<Key, unknown>> = {};
    for (const k of [...PLANNING, ...DESCRIPTIVE]) if (r[k] !== undefined) given[k] = r[k];
    const ex = existing.get(r.code);
    if (ex === undefined) {
      out.creates.push({ row: r, data: given });
      out.items.push({
        row: r.row,
        code: r.code,
        action: 'create',
        status: null,
        changed: Object.keys(given),
        kept: [],
      });
      continue;
    }
    if (ex.fondsId !== fonds.id) {
      out.errors.push({
        row: r.row,
        column: null,
        header: null,
        code: 'inventory.other_fonds',
        message: `Dòng ${r.row}: hồ sơ ${r.code} đã thuộc phông khác / Row ${r.row}: dossier ${r.code} belongs to another fonds`,
      });
      continue;
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const kept: string[] = [];
    let descriptive = false;
    for (const [k, v] of Object.entries(given) as [Key, unknown][]) {
      const current = ex[k];
      if (current === v) continue;
      const isPlanning = (PLANNING as readonly string[]).includes(k);
      const may =
        isPlanning ||
        ex.status === 'registered' ||
        ((ex.status === 'scanning' || ex.status === 'processing') && current === null);
      if (!may) {
        kept.push(k);
        continue;
      }
      before[k] = current;
      after[k] = v;
      if (!isPlanning) descriptive = true;
    }
    const changed = Object.keys(after);
    if (changed.length > 0) out.updates.push({ id: ex.id, before, after, descriptive });
    out.items.push({
      row: r.row,
      code: r.code,
      action: changed.length > 0 ? 'update' : 'unchanged',
      status: ex.status,
      changed,
      kept,
    });
  }
  return out;
}

async function existingOf(
  db: PrismaClient | Prisma.TransactionClient,
  codes: readonly string[],
  lock: boolean,
): Promise<Map<string, Existing>> {
  if (lock && codes.length > 0) {
    await db.$queryRaw`SELECT id FROM dossier WHERE code = ANY(${[...codes]}::text[]) ORDER BY id FOR UPDATE`;
  }
  const found = await db.dossier.findMany({ where: { code: { in: [...codes] } }, select: SELECT });
  return new Map(found.map((d) => [d.code, d]));
}

/**
 * Reads `bytes` as fonds `fondsCode`'s inventory and previews it, or with `commit` applies it.
 * Throws 404 `fonds.not_found`; 422 for a file that is not a readable inventory (read-file.ts,
 * `inventory.no_header`, `inventory.duplicate_column`); with `commit`, 422 `inventory.invalid`
 * (with the result, errors listed) when any row has an error: nothing is written then.
 */
export async function importInventory(
  deps: AppDeps,
  user: UserPrincipal,
  o: {
    fondsCode: string;
    fileName: string | null;
    bytes: Buffer;
    commit: boolean;
    requestId: string;
  },
): Promise<InventoryResult> {
  const fonds = await deps.db.fonds.findUnique({ where: { code: o.fondsCode } });
  if (fonds === null) throw notFound('fonds', o.fondsCode);
  const sheet = await readInventoryFile(o.bytes);
  let parsed;
  try {
    parsed = parseInventory(sheet.rows);
  } catch (err) {
    if (!(err instanceof HeaderError)) throw err;
    throw new InputError(err.code, { message: err.message, hint: err.hint, status: 422 });
  }
  const result = (p: Planned, committed: boolean): InventoryResult => {
    const errors = [...parsed.errors, ...p.errors].sort((a, b) => a.row - b.row);
    const count = (a: Item['action']) => p.items.filter((i) => i.action === a).length;
    return {
      fondsCode: fonds.code,
      fileName: o.fileName,
      sha256: createHash('sha256').update(o.bytes).digest('hex'),
      format: sheet.format,
      headerRow: parsed.headerRow,
      columns: parsed.columns.filter((c) => c.header !== ''),
      rowsRead: parsed.rows.length + parsed.errors.length + parsed.skipped.length,
      errors,
      skipped: [...parsed.skipped],
      summary: {
        create: count('create'),
        update: count('update'),
        unchanged: count('unchanged'),
        kept: p.items.filter((i) => i.kept.length > 0).length,
        errors: errors.length,
      },
      items: p.items.slice(0, 2000),
      committed,
    };
  };
  const codes = parsed.rows.map((r) => r.code);
  if (!o.commit)
    return result(plan(fonds, parsed.rows, await existingOf(deps.db, codes, false)), false);

  const planned = plan(fonds, parsed.rows, await existingOf(deps.db, codes, false));
  if (parsed.errors.length > 0 || planned.errors.length > 0) {
    const r = result(planned, false);
    throw new InventoryInvalid(r);
  }
  try {
    const final = await deps.db.$transaction(
      async (tx) => {
        // Planned again under the locks: scanning may have moved a dossier since the preview.
        const p = plan(fonds, parsed.rows, await existingOf(tx, codes, true));
        if (p.errors.length > 0) throw new InventoryInvalid(result(p, false));
        await writeImport(tx, user, fonds, p, o);
        return p;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    return result(final, true);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new HttpError(409, 'inventory.conflict', {
        message:
          'Một hồ sơ trong tệp vừa được tạo ở máy trạm quét trong lúc nhập / A dossier of the file was created by a scanning workstation during the import',
        hint: 'Nhập lại tệp; những hồ sơ đã có sẽ được cập nhật / Import the file again; existing dossiers are then updated',
        cause: err,
      });
    }
    throw err;
  }
}

/** A commit refused because rows have errors: 422 `inventory.invalid` with the preview. */
export class InventoryInvalid extends HttpError {
  constructor(readonly result: InventoryResult) {
    super(422, 'inventory.invalid', {
      message: `Tệp có ${result.errors.length} lỗi nên chưa nhập dòng nào / The file has ${result.errors.length} errors, so no row was imported`,
      hint: 'Sửa các dòng được nêu rồi nhập lại / Fix the rows listed, then import again',
    });
  }
}
