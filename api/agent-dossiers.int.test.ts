import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDossier, AgentDossierList, ErrorBody } from './contracts.js';
import { grayPng, multiPageTiff } from './testing/files.js';
import { createRunHarness, type Harness } from './testing/harness.js';
import { openBatch, putUpload } from './testing/scenario.js';

let h: Harness;
/** A prefix of this run's codes, so the lists can be filtered to what this file made. */
const run = `AG${randomUUID().slice(0, 6)}`;
let fondsId: string;

beforeAll(async () => {
  h = await createRunHarness();
  const fonds = await h.db.fonds.create({
    data: { code: `F${run}`.slice(0, 13), archiveCode: 'LTLS', name: 'Phông UBND tỉnh' },
  });
  fondsId = fonds.id;
});

afterAll(async () => {
  await h.close();
});

const register = (
  code: string,
  o: {
    title?: string;
    expectedPages?: number;
    status?: 'approved' | 'rejected';
    accessModeCode?: string;
  } = {},
) =>
  h.db.dossier.create({
    data: {
      code,
      fondsId,
      title: o.title ?? null,
      expectedPages: o.expectedPages ?? null,
      status: o.status ?? 'registered',
      accessModeCode: o.accessModeCode ?? '01',
    },
  });

const list = async (query = '') => {
  const res = await h.app.request(`/api/agent/dossiers${query}`, { headers: h.auth });
  expect(res.status).toBe(200);
  return (await res.json()) as AgentDossierList;
};

describe('GET /api/agent/dossiers', () => {
  it('lists the dossiers still to scan, registered ones first, with expected and received pages', async () => {
    await register(`${run}.03`, {
      title: 'Kế hoạch phòng chống lụt bão năm 1998',
      expectedPages: 40,
    });
    await register(`${run}.01`, { title: 'Quyết định thành lập Sở Văn hóa', expectedPages: 12 });
    await register(`${run}.09`, { title: 'Hồ sơ đã duyệt', status: 'approved' });
    // A dossier being scanned: opened by a batch, 1 + 3 pages received.
    const batch = await openBatch(h, `${run}.02`);
    expect((await putUpload(h, batch.id, 0, grayPng(20, 20, 1))).status).toBe(201);
    const tif = multiPageTiff(3, 10, 10);
    expect((await putUpload(h, batch.id, 1, tif, { type: 'image/tiff' })).status).toBe(201);

    const all = await list(`?q=${run}`);
    expect(all.truncated).toBe(false);
    expect(all.items.map((d) => [d.code, d.status, d.expectedPages, d.pagesReceived])).toEqual([
      [`${run}.01`, 'registered', 12, 0],
      [`${run}.03`, 'registered', 40, 0],
      [`${run}.02`, 'scanning', null, 4],
    ]);
    expect(all.items[0]).toMatchObject({
      title: 'Quyết định thành lập Sở Văn hóa',
      fondsCode: `F${run}`.slice(0, 13),
      highUse: false,
    });
  });

  it('filters by every word typed, in code or title, whatever the case or diacritics, and says when it cut the list', async () => {
    await register(`${run}.20`, { title: 'Báo cáo tổng kết CÔNG TÁC năm 2001' });
    await register(`${run}.21`, { title: 'Báo cáo tổng kết công tác năm 2002' });
    const byTitle = await list(`?q=${encodeURIComponent('công tác')}`);
    expect(byTitle.items.map((d) => d.code).filter((c) => c.startsWith(run))).toEqual([
      `${run}.20`,
      `${run}.21`,
    ]);
    const byCode = await list(`?q=${encodeURIComponent(`${run.toLowerCase()}.2`)}`);
    expect(byCode.items.map((d) => d.code)).toEqual([`${run}.20`, `${run}.21`]);
    const folded = await list(`?q=${encodeURIComponent(`cong TAC ${run} 2002`)}`);
    expect(folded.items.map((d) => d.code)).toEqual([`${run}.21`]);
    const cut = await list(`?q=${run}&limit=2`);
    expect(cut.items).toHaveLength(2);
    expect(cut.truncated).toBe(true);
  });

  it('gives a workstation no title of a secret dossier, nor finds one by it (operators may not read it)', async () => {
    await register(`${run}.40`, { title: 'Hồ sơ mật về biên giới', accessModeCode: '03' });
    await register(`${run}.41`, { title: 'Hồ sơ có điều kiện về biên giới', accessModeCode: '02' });
    const byTitle = await list(`?q=${encodeURIComponent('bien gioi')}`);
    expect(byTitle.items.map((d) => [d.code, d.restricted])).toEqual([[`${run}.41`, false]]);
    const byCode = await list(`?q=${run}.4`);
    expect(byCode.items.map((d) => [d.code, d.title, d.restricted])).toEqual([
      [`${run}.40`, null, true],
      [`${run}.41`, 'Hồ sơ có điều kiện về biên giới', false],
    ]);
    const one = await h.app.request(`/api/agent/dossiers/${run}.40`, { headers: h.auth });
    expect((await one.json()) as AgentDossier).toMatchObject({ title: null, restricted: true });
  });

  it('looks one dossier up by its code, and answers 404 for an unknown one', async () => {
    await register(`${run}.30 A`, { expectedPages: 7 });
    const res = await h.app.request(`/api/agent/dossiers/${encodeURIComponent(`${run}.30 A`)}`, {
      headers: h.auth,
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as AgentDossier).toMatchObject({
      code: `${run}.30 A`,
      expectedPages: 7,
      pagesReceived: 0,
      status: 'registered',
    });
    const missing = await h.app.request(`/api/agent/dossiers/${run}.404`, { headers: h.auth });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).code).toBe('dossier.not_found');
  });

  it('needs a workstation token: a signed-in person is refused', async () => {
    expect((await h.app.request('/api/agent/dossiers')).status).toBe(401);
    const reviewer = await h.login('reviewer');
    const res = await h.app.request('/api/agent/dossiers', { headers: reviewer.headers });
    expect(res.status).toBe(401);
  });
});
