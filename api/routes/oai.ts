/**
 * OAI-PMH 2.0 at /oai (GET and POST, as the protocol requires): the catalogue's public records in
 * oai_dc for harvesters such as AtoM. Only what an anonymous reader may see is ever harvested.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { createRouter } from '../openapi.js';
import { respondOai } from '../services/oai/respond.js';

const Arg = z.union([z.string(), z.array(z.string())]).optional();
const OaiArgs = z.object({
  verb: Arg.openapi({ example: 'ListRecords' }),
  identifier: Arg,
  metadataPrefix: Arg.openapi({ example: 'oai_dc' }),
  from: Arg.openapi({ example: '2026-01-01' }),
  until: Arg,
  set: Arg,
  resumptionToken: Arg,
});

const XML = {
  200: {
    content: { 'text/xml': { schema: z.string().openapi({ description: 'OAI-PMH 2.0 XML' }) } },
    description:
      'Câu trả lời OAI-PMH; lỗi giao thức cũng là 200 với <error code> / The OAI-PMH response; protocol errors are 200 with <error code>',
  },
} as const;

/** Routes at /oai. */
export function oaiRoutes(deps: AppDeps) {
  const description =
    'Identify, ListMetadataFormats, ListSets (one set per fonds), ListIdentifiers, ListRecords (resumptionToken, 100 per page), GetRecord; oai_dc only; from/until at YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.';
  const get = createRoute({
    method: 'get',
    path: '/oai',
    tags: ['oai-pmh'],
    summary: 'Thu thập siêu dữ liệu OAI-PMH 2.0 / OAI-PMH 2.0 harvesting',
    description,
    request: { query: OaiArgs },
    responses: XML,
  });
  const post = createRoute({
    method: 'post',
    path: '/oai',
    tags: ['oai-pmh'],
    summary: 'OAI-PMH 2.0 (POST, application/x-www-form-urlencoded)',
    description,
    request: {
      body: {
        content: { 'application/x-www-form-urlencoded': { schema: z.object({}).passthrough() } },
        required: false,
      },
    },
    responses: XML,
  });

  const reply = async (c: Context<AppEnv>, args: Record<string, string[]>) => {
    const origin = deps.config.publicUrl ?? new URL(c.req.url).origin;
    const xml = await respondOai(
      {
        db: deps.db,
        baseUrl: `${origin}/oai`,
        origin,
        repositoryName: deps.config.archive.name,
        repositoryId: deps.config.oai.repositoryId,
        adminEmail: deps.config.oai.adminEmail,
      },
      args,
    );
    return c.body(xml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  };

  return createRouter()
    .openapi(get, (c) => reply(c, c.req.queries()))
    .openapi(post, async (c) => {
      const args: Record<string, string[]> = {};
      for (const [k, v] of new URLSearchParams(await c.req.text())) (args[k] ??= []).push(v);
      return reply(c, args);
    });
}
