/**
 * Schemas of what the pipeline writes between jobs (stage outputs in `page_stage.output`, OCR JSON
 * blobs), checked when read back: a file from an older version or a damaged blob fails loudly instead
 * of flowing on as garbage.
 */
import { z } from 'zod';
import type { OcrResult, PreparedPage } from './domain.js';

const Box = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });

export const ResolutionSchema = z.object({
  x: z.number().positive(),
  y: z.number().positive(),
  source: z.enum(['tag', 'inferred', 'default']),
  tag: z.number().nullable(),
  suspect: z.boolean(),
});

/** `page_stage.output` of the `prepare` stage: a PreparedPage without its image bytes. */
export const PreparedMeta = z.object({
  frameIndex: z.number().int().min(0),
  mediaType: z.enum(['image/png', 'image/jpeg']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  dpi: ResolutionSchema,
  colorMode: z.enum(['bilevel', 'gray', 'rgb']),
  bitsPerSample: z.number().int().positive(),
  findings: z.object({
    rotationDeg: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
    rotationConfidence: z.number(),
    rotationApplied: z.boolean(),
    skewDeg: z.number(),
    crop: Box.nullable(),
    isBlank: z.boolean(),
    isSeparator: z.boolean(),
  }),
});
export type PreparedMeta = z.infer<typeof PreparedMeta>;

export const OcrResultSchema = z.object({
  width: z.number(),
  height: z.number(),
  words: z.array(
    z.object({
      text: z.string(),
      bbox: Box,
      confidence: z.number(),
      line: z.number().int(),
    }),
  ),
  lines: z.array(
    z.object({
      bbox: Box,
      block: z.number().int(),
      wordStart: z.number().int(),
      wordEnd: z.number().int(),
    }),
  ),
  text: z.string(),
  meanConfidence: z.number(),
  engine: z.string(),
});

export const preparedMeta = (p: PreparedPage): PreparedMeta => ({
  frameIndex: p.frameIndex,
  mediaType: p.mediaType,
  width: p.width,
  height: p.height,
  dpi: { ...p.dpi },
  colorMode: p.colorMode,
  bitsPerSample: p.bitsPerSample,
  findings: { ...p.findings },
});

export const preparedFrom = (meta: PreparedMeta, encoded: Buffer): PreparedPage => ({
  ...meta,
  encoded,
});

/** Parses an OCR JSON blob. */
export const parseOcr = (bytes: Buffer): OcrResult =>
  OcrResultSchema.parse(JSON.parse(bytes.toString('utf8')));
