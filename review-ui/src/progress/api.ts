/**
 * The managers' api as the UI calls it: progress, holdings, inventory import, pipeline health,
 * reports. The answers' types are the api's own (`import type` from its contracts, erased from the
 * bundle), so the screens cannot drift from what the api sends.
 */
import type {
  FondsHoldings,
  HoldingsBody,
  HoldingsList,
  InventoryDossier,
  InventoryDossierBody,
  InventoryPage,
  InventoryResult,
} from '../../../api/contracts/holdings.js';
import type {
  Burnup,
  ExportTable,
  FailedPages,
  Operators,
  PipelineHealth,
  Progress,
  ProgressSettings,
  ProgressSettingsBody,
  Quality,
  Reviewers,
  Throughput,
} from '../../../api/contracts/progress.js';
import {
  ApiError,
  apiClient,
  CSRF_HEADER,
  getJson,
  parseErrorBody,
  sendJson,
  type RequestOptions,
} from '../api/client.js';

export type {
  Burnup,
  ExportTable,
  FailedPages,
  FondsHoldings,
  HoldingsList,
  InventoryDossier,
  InventoryPage,
  InventoryResult,
  Operators,
  PipelineHealth,
  Progress,
  ProgressSettings,
  Quality,
  Reviewers,
  Throughput,
};

/** A period of Vietnam days, both included; the api's default window when left out. */
export interface PeriodParams {
  from?: string;
  to?: string;
}

const query = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
};

const seg = encodeURIComponent;

export const getProgress = (opts?: RequestOptions) => getJson<Progress>('/api/progress', opts);
export const getBurnup = (fonds: string | null, opts?: RequestOptions) =>
  getJson<Burnup>(`/api/progress/burnup${query({ fonds })}`, opts);
export const getThroughput = (p: PeriodParams & { by: 'day' | 'week' }, opts?: RequestOptions) =>
  getJson<Throughput>(`/api/progress/throughput${query({ ...p })}`, opts);
export const getOperators = (p: PeriodParams, opts?: RequestOptions) =>
  getJson<Operators>(`/api/progress/operators${query({ ...p })}`, opts);
export const getReviewers = (p: PeriodParams, opts?: RequestOptions) =>
  getJson<Reviewers>(`/api/progress/reviewers${query({ ...p })}`, opts);
export const getQuality = (p: PeriodParams, opts?: RequestOptions) =>
  getJson<Quality>(`/api/progress/quality${query({ ...p })}`, opts);
export const getPipeline = (opts?: RequestOptions) =>
  getJson<PipelineHealth>('/api/progress/pipeline', opts);
export const getFailedPages = (
  q: { limit: number; cursor?: string | null; code?: string | null },
  opts?: RequestOptions,
) => getJson<FailedPages>(`/api/progress/failed-pages${query(q)}`, opts);
export const retryPage = (id: string) =>
  sendJson<{ id: string; status: 'queued' }>('POST', `/api/pages/${seg(id)}/retry`);
export const getSettings = (opts?: RequestOptions) =>
  getJson<ProgressSettings>('/api/progress/settings', opts);
export const putSettings = (body: ProgressSettingsBody) =>
  sendJson<ProgressSettings>('PUT', '/api/progress/settings', body);

export const getHoldings = (opts?: RequestOptions) => getJson<HoldingsList>('/api/holdings', opts);
export const putHoldings = (fondsCode: string, body: HoldingsBody) =>
  sendJson<FondsHoldings>('PUT', `/api/holdings/${seg(fondsCode)}`, body);
export const getInventory = (
  fondsCode: string,
  q: { limit: number; cursor?: string | null; q?: string },
  opts?: RequestOptions,
) => getJson<InventoryPage>(`/api/holdings/${seg(fondsCode)}/dossiers${query(q)}`, opts);
export const patchInventoryDossier = (code: string, body: InventoryDossierBody) =>
  sendJson<InventoryDossier>('PATCH', `/api/holdings/dossiers/${seg(code)}`, body);

/** A table of the dashboard as CSV, for a download link. */
export const exportUrl = (
  table: ExportTable,
  p: PeriodParams & { by?: 'day' | 'week' } = {},
): string => `/api/progress/export/${table}${query({ ...p })}`;

/** The semi-annual report for a download link. */
export const reportUrl = (year: number, half: 1 | 2, format: 'pdf' | 'xlsx'): string =>
  `/api/reports/semiannual${query({ year, half, format })}`;

/**
 * Sends an inventory file (multipart, with the CSRF token) to preview it, or with `commit` to
 * import it. A refused commit (422 `inventory.invalid`) throws an ApiError whose `data.result`
 * holds the preview with the errors.
 */
export async function uploadInventory(
  fondsCode: string,
  file: File,
  commit: boolean,
): Promise<InventoryResult> {
  const form = new FormData();
  form.append('file', file);
  const path = `/api/holdings/${seg(fondsCode)}/inventory${query({ commit: commit ? 1 : 0 })}`;
  const token = apiClient.csrfToken();
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: token === null ? {} : { [CSRF_HEADER]: token },
    });
  } catch (err) {
    throw new ApiError({ code: 'ui.network_failed', status: 0, path, body: null, cause: err });
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const body = parseErrorBody(json);
    throw new ApiError({
      code: body?.code ?? 'ui.http_error',
      status: res.status,
      path,
      body,
      data: body === null ? null : (json as Record<string, unknown>),
    });
  }
  return json as InventoryResult;
}
