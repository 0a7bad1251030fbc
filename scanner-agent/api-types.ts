/**
 * Request and response shapes of the sohoa api that the agent uses. They mirror `api/contracts.ts`
 * (written in parallel); the lead will replace these with `import type` from there. Responses are
 * parsed with zod because the server is another process: a reply that does not fit is a protocol
 * error, never silently trusted.
 */
import { z } from 'zod';

/** Media types the upload endpoint accepts, chosen from the file extension. */
export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Body of `POST /api/batches`. */
export interface CreateBatchRequest {
  dossierCode: string;
  fondsCode?: string;
  title?: string;
  expectedPages?: number;
}

/** 201 reply of `POST /api/batches`. */
export const BatchCreatedSchema = z.object({
  id: z.string().min(1),
  dossierId: z.string().min(1),
  dossierCode: z.string(),
  status: z.string(),
  expectedPages: z.number().int().nullable().optional(),
  openedAt: z.string(),
});
export type BatchCreated = z.infer<typeof BatchCreatedSchema>;

/** 201 / 200 reply of `PUT /api/batches/{batchId}/uploads/{seq}`. */
export const UploadAckSchema = z.object({
  uploadId: z.string().min(1),
  batchId: z.string().min(1),
  seq: z.number().int(),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
  bytes: z.number().int().nonnegative(),
  mediaType: z.string(),
  frameCount: z.number().int().nonnegative(),
  pageIds: z.array(z.string()),
  created: z.boolean(),
});
export type UploadAck = z.infer<typeof UploadAckSchema>;

/** Body of `POST /api/batches/{batchId}/close`. */
export interface CloseBatchRequest {
  expectedPages?: number;
}

/** Error body of every 4xx/5xx reply. */
export const ApiErrorBodySchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  hint: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
