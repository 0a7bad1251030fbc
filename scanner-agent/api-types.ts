/**
 * The agent's side of the api contract. The shapes are the api's own (`import type` from
 * `api/contracts.ts`: erased at build, so no server code runs on a workstation); the zod parsers
 * below stay here because the server is another process and a reply that does not fit is a
 * protocol error, never silently trusted. Each parser is typed with the contract's type, so a
 * change in the contract that the agent does not follow fails the typecheck.
 */
import { z } from 'zod';
import type {
  AgentDossier,
  AgentDossierList,
  Batch,
  ErrorBody,
  UploadResult,
} from '../api/contracts.js';

export type {
  AgentDossier,
  AgentDossierList,
  Batch,
  CloseBatchBody,
  ErrorBody,
  OpenBatchBody,
  UploadResult,
} from '../api/contracts.js';

/** Media types the upload endpoint accepts, chosen from the file extension. */
export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * The part of a {@link Batch} the agent uses. Parsed leniently (other fields are not checked) so
 * that an api adding a field or a batch status does not stop the agent.
 */
export type OpenedBatch = Pick<Batch, 'id' | 'dossierId' | 'dossierCode'>;

/** 201 (opened) or 200 (opened earlier with the same `Idempotency-Key`) of `POST /api/batches`. */
export const OpenedBatchSchema: z.ZodType<OpenedBatch> = z.object({
  id: z.string().min(1),
  dossierId: z.string().min(1),
  dossierCode: z.string(),
});

/** 201 / 200 reply of `PUT /api/batches/{batchId}/uploads/{seq}`. */
export const UploadResultSchema: z.ZodType<UploadResult> = z.object({
  uploadId: z.string().min(1),
  batchId: z.string().min(1),
  seq: z.number().int(),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
  bytes: z.number().int().nonnegative(),
  mediaType: z.string(),
  frameCount: z.number().int().nonnegative(),
  pageIds: z.array(z.string()),
  created: z.boolean(),
  // An api from before byte-identical uploads were flagged does not send it.
  identicalTo: z
    .object({ uploadId: z.string().min(1), seq: z.number().int() })
    .nullable()
    .default(null),
});

/** Error body of every 4xx/5xx reply. */
export const ErrorBodySchema: z.ZodType<ErrorBody> = z.object({
  code: z.string().min(1),
  message: z.string(),
  hint: z.string().optional(),
});

const DOSSIER_STATUSES = [
  'registered',
  'scanning',
  'processing',
  'in_review',
  'approved',
  'rejected',
] as const satisfies readonly AgentDossier['status'][];

/** A dossier of `GET /api/agent/dossiers` and `GET /api/agent/dossiers/{code}`. */
export const AgentDossierSchema: z.ZodType<AgentDossier> = z.object({
  code: z.string().min(1),
  title: z.string().nullable(),
  fondsCode: z.string(),
  status: z.enum(DOSSIER_STATUSES),
  expectedPages: z.number().int().nullable(),
  pagesReceived: z.number().int().nonnegative(),
  highUse: z.boolean(),
  restricted: z.boolean(),
});

/** 200 reply of `GET /api/agent/dossiers`. */
export const AgentDossierListSchema: z.ZodType<AgentDossierList> = z.object({
  items: z.array(AgentDossierSchema),
  truncated: z.boolean(),
});
