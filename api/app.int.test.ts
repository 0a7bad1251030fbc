import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from './contracts.js';
import { createRunHarness, type Harness } from './testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createRunHarness();
});

afterAll(async () => {
  await h.close();
});

describe('GET /openapi.json', () => {
  it('documents every route with its request and response schemas', async () => {
    const res = await h.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string; required?: boolean }[];
            requestBody?: { content: Record<string, { schema: unknown }> };
            responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
          }
        >
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'get /healthz',
        'get /livez',
        'get /api/code-lists',
        'post /api/batches',
        'get /api/batches/{id}',
        'post /api/batches/{id}/close',
        'put /api/batches/{id}/uploads/{seq}',
        'get /api/agent/dossiers',
        'get /api/agent/dossiers/{code}',
        'get /api/dossiers',
        'get /api/dossiers/{code}',
        'get /api/documents',
        'get /api/documents/{id}',
        'get /api/documents/{id}/pdf',
        'get /api/documents/{id}/signature',
        'get /api/fixity',
        'get /api/pages/{id}',
        'get /api/pages/{id}/ocr',
        'get /api/pages/{id}/image',
        'get /iiif/3/{id}',
        'get /iiif/3/{id}/info.json',
        'get /iiif/3/{id}/{region}/{size}/{rotation}/{file}',
        'post /api/session',
        'get /api/session',
        'delete /api/session',
        'get /api/users',
        'get /api/admin/users',
        'post /api/admin/users',
        'patch /api/admin/users/{id}',
        'get /api/admin/workstations',
        'post /api/admin/workstations',
        'post /api/admin/workstations/{id}/token',
        'patch /api/admin/workstations/{id}',
        'get /api/review/queue',
        'get /api/dossiers/{code}/workspace',
        'patch /api/dossiers/{code}',
        'patch /api/documents/{id}',
        'put /api/dossiers/{code}/structure',
        'post /api/dossiers/{code}/approve',
        'post /api/dossiers/{code}/reject',
        'post /api/dossiers/{code}/return',
        'put /api/dossiers/{code}/presence',
        'delete /api/dossiers/{code}/presence',
        'get /api/dossiers/{code}/audit',
        'get /api/progress',
        'get /api/progress/burnup',
        'get /api/progress/throughput',
        'get /api/progress/operators',
        'get /api/progress/reviewers',
        'get /api/progress/quality',
        'get /api/progress/pipeline',
        'get /api/progress/failed-pages',
        'get /api/progress/settings',
        'put /api/progress/settings',
        'post /api/pages/{id}/retry',
        'get /api/progress/export/{table}',
        'get /api/holdings',
        'put /api/holdings/{fondsCode}',
        'get /api/holdings/{fondsCode}/dossiers',
        'patch /api/holdings/dossiers/{code}',
        'post /api/holdings/{fondsCode}/inventory',
        'get /api/reports/semiannual',
        // the catalogue for readers (issue 9)
        'get /api/catalogue/search',
        'get /api/catalogue/fonds',
        'get /api/catalogue/records/{id}',
        'get /api/catalogue/records/{id}/pdf',
        'get /api/catalogue/records/{id}/manifest',
        'get /api/catalogue/dossiers/{id}',
        'get /iiif/3/records/{id}/info.json',
        'get /iiif/3/records/{id}/{region}/{size}/{rotation}/{file}',
        'get /oai',
        'post /oai',
        'get /api/catalogue/export.csv',
        'get /api/catalogue/export.xlsx',
        'get /api/catalogue/dossiers/{id}/aip',
        'get /api/catalogue/records/{id}/aip',
      ].sort(),
    );
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // Every success with a body has its schema; 204 and 303 (a redirect) carry none.
        const statuses = Object.keys(op.responses);
        const ok = Object.entries(op.responses).find(([s]) => s.startsWith('2') && s !== '204');
        const bodiless = statuses.every((s) => !s.startsWith('2') || s === '204');
        expect({
          route: `${method} ${path}`,
          schema: bodiless
            ? statuses.includes('204') || statuses.includes('303')
            : Object.values(ok?.[1].content ?? {})[0]?.schema !== undefined,
        }).toEqual({ route: `${method} ${path}`, schema: true });
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const param = op.parameters?.find((p) => p.in === 'path' && `{${p.name}}` === name);
          expect({ route: `${method} ${path}`, name, required: param?.required }).toEqual({
            route: `${method} ${path}`,
            name,
            required: true,
          });
        }
      }
    }
    const put = doc.paths['/api/batches/{id}/uploads/{seq}']?.['put'];
    expect(Object.keys(put?.requestBody?.content ?? {}).sort()).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
      'image/tiff',
    ]);
    expect(put?.parameters?.find((p) => p.name === 'content-digest')).toMatchObject({
      in: 'header',
      required: true,
    });
    expect(
      doc.paths['/api/batches']?.['post']?.requestBody?.content['application/json']?.schema,
    ).toBeDefined();
    expect(doc.components.securitySchemes['workstationToken']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });
});

describe('review UI', () => {
  it('says how to build the UI when it is missing, and keeps /api answers in JSON', async () => {
    const res = await h.app.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run build:ui');
    const api = await h.app.request('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(((await api.json()) as ErrorBody).code).toBe('route.not_found');
  });

  it('serves the built files, with index.html for client-side routes', async () => {
    const ui = join(h.config.dataDir, `ui-${randomUUID()}`);
    await mkdir(join(ui, 'assets'), { recursive: true });
    await writeFile(join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(ui, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const app = h.withEnv({ UI_DIR: ui });
    const index = await app.request('/');
    expect(await index.text()).toContain('id="root"');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const deep = await app.request('/dossiers/HS.1/documents/2');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('id="root"');
    const asset = await app.request('/assets/app-1a2b.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/api/nothing-here')).status).toBe(404);
  });
});
