/**
 * Holdings and inventories (`/api/holdings…`): what each fonds holds, its dossiers with their
 * expected pages and high-use flag, and the import of a mục lục hồ sơ (CSV or XLSX) with a preview.
 * Managers and admins only.
 */
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../context.js';
import {
  FondsCodeParam,
  FondsHoldings,
  HoldingsBody,
  HoldingsList,
  ImportForm,
  ImportQuery,
  InventoryCodeParam,
  InventoryDossier,
  InventoryDossierBody,
  InventoryInvalidBody,
  InventoryPage,
  InventoryQuery,
  InventoryResult,
} from '../contracts/holdings.js';
import { auth, userOf } from '../auth/auth.js';
import { HttpError } from '../errors.js';
import { createRouter, error, INVALID, json, SESSION_SECURITY, SIGNED_IN } from '../openapi.js';
import {
  fileTooLarge,
  listHoldings,
  listInventory,
  patchInventoryDossier,
  putHoldings,
} from '../services/inventory/holdings.js';
import { importInventory, InventoryInvalid } from '../services/inventory/import.js';

const TAG = ['holdings'];
/** An inventory of 50,000 rows is a few MB as XLSX or CSV. */
const MAX_FILE = 20 << 20;

const FILE_ERRORS =
  'inventory.no_file, inventory.empty, inventory.not_spreadsheet, inventory.old_excel, inventory.encoding, inventory.unreadable, inventory.too_many_rows, inventory.no_header, inventory.duplicate_column';

/** Routes under /api/holdings. */
export function holdingsRoutes(deps: AppDeps) {
  const managers = auth(deps.db, { accept: ['user'], roles: ['manager', 'admin'] });
  const small = bodyLimit({ maxSize: 16 * 1024 });
  const file = bodyLimit({
    maxSize: MAX_FILE,
    onError: (c) => c.json(fileTooLarge('20 MB').toJSON(), 413),
  });
  const common = { tags: TAG, security: SESSION_SECURITY } as const;

  const list = createRoute({
    ...common,
    method: 'get',
    path: '/api/holdings',
    middleware: [managers] as const,
    summary: 'Khối lượng tài liệu các phông / Holdings of every fonds',
    description:
      'What each fonds holds: entered by hand and summed from its inventory, and the unit its target is counted in.',
    responses: { 200: json(HoldingsList, 'Các phông / Fonds'), ...SIGNED_IN },
  });
  const put = createRoute({
    ...common,
    method: 'put',
    path: '/api/holdings/{fondsCode}',
    middleware: [managers, small] as const,
    summary: "Nhập khối lượng của phông / Set a fonds's holdings",
    description:
      'Fields left out are left alone, null clears. With `name`, creates the fonds when it does not exist.',
    request: {
      params: FondsCodeParam,
      body: { content: { 'application/json': { schema: HoldingsBody } }, required: true },
    },
    responses: {
      200: json(FondsHoldings, 'Phông / Fonds'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('fonds.not_found (send `name` to create it)'),
    },
  });
  const dossiers = createRoute({
    ...common,
    method: 'get',
    path: '/api/holdings/{fondsCode}/dossiers',
    middleware: [managers] as const,
    summary: 'Mục lục hồ sơ của phông / The inventory of a fonds',
    request: { params: FondsCodeParam, query: InventoryQuery },
    responses: {
      200: json(InventoryPage, 'Hồ sơ / Dossiers'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('fonds.not_found'),
    },
  });
  const patch = createRoute({
    ...common,
    method: 'patch',
    path: '/api/holdings/dossiers/{code}',
    middleware: [managers, small] as const,
    summary: 'Sửa số trang dự kiến, sử dụng nhiều / Edit expected pages, high use',
    request: {
      params: InventoryCodeParam,
      body: { content: { 'application/json': { schema: InventoryDossierBody } }, required: true },
    },
    responses: {
      200: json(InventoryDossier, 'Hồ sơ / Dossier'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('dossier.not_found'),
    },
  });
  const importRoute = createRoute({
    ...common,
    method: 'post',
    path: '/api/holdings/{fondsCode}/inventory',
    middleware: [managers, file] as const,
    summary: 'Nhập mục lục hồ sơ (CSV, XLSX) / Import an inventory (CSV, XLSX)',
    description:
      'multipart/form-data with `file`. `commit=0` (default) previews: what each row would create, change or leave alone, and every error with its row and column. `commit=1` writes, all or nothing: 422 inventory.invalid with the preview when a row has an error. Idempotent by dossier code.',
    request: {
      params: FondsCodeParam,
      query: ImportQuery,
      body: {
        content: {
          'multipart/form-data': { schema: ImportForm },
        },
        required: true,
      },
    },
    responses: {
      200: json(InventoryResult, 'Kết quả / Result'),
      ...INVALID,
      ...SIGNED_IN,
      404: error('fonds.not_found'),
      409: error('inventory.conflict'),
      413: error('request.too_large'),
      422: json(InventoryInvalidBody, `inventory.invalid; file errors: ${FILE_ERRORS}`),
    },
  });

  return createRouter()
    .openapi(list, async (c) => c.json(await listHoldings(deps), 200))
    .openapi(put, async (c) =>
      c.json(
        await putHoldings(
          deps,
          userOf(c),
          c.req.valid('param').fondsCode,
          c.req.valid('json'),
          c.var.requestId,
        ),
        200,
      ),
    )
    .openapi(dossiers, async (c) =>
      c.json(await listInventory(deps, c.req.valid('param').fondsCode, c.req.valid('query')), 200),
    )
    .openapi(patch, async (c) =>
      c.json(
        await patchInventoryDossier(
          deps,
          userOf(c),
          c.req.valid('param').code,
          c.req.valid('json'),
          c.var.requestId,
        ),
        200,
      ),
    )
    .openapi(importRoute, async (c) => {
      const upload: unknown = c.req.valid('form').file;
      if (!(upload instanceof File)) {
        throw new HttpError(400, 'inventory.no_file', {
          message:
            'Thiếu tệp mục lục (trường "file") / The inventory file is missing (field "file")',
          hint: 'Chọn tệp CSV hoặc XLSX rồi gửi lại / Choose a CSV or XLSX file, then send again',
        });
      }
      try {
        const result = await importInventory(deps, userOf(c), {
          fondsCode: c.req.valid('param').fondsCode,
          fileName: upload.name === '' ? null : upload.name,
          bytes: Buffer.from(await upload.arrayBuffer()),
          commit: c.req.valid('query').commit === '1',
          requestId: c.var.requestId,
        });
        return c.json(result, 200);
      } catch (err) {
        if (err instanceof InventoryInvalid)
          return c.json({ ...err.toJSON(), result: err.result }, 422);
        throw err;
      }
    });
}
