/**
 * OAI-PMH 2.0 at /oai on the real api and database, parsed as a harvester would: Identify,
 * ListMetadataFormats, ListSets, ListIdentifiers and ListRecords walked to the end through their
 * resumption tokens (no record lost or repeated, restricted records never harvested), GetRecord in
 * oai_dc, from/until, POST, and every error code of the protocol. Each answer is checked to be
 * well-formed XML by xmllint.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunHarness, type Harness } from '../../api/testing/harness.js';
import { seedCatalogue, testFonds, type SeededCatalogue } from '../fixtures/catalogue.js';

const run = promisify(execFile);
let h: Harness;
let s: SeededCatalogue;
let restricted: SeededCatalogue;
const FONDS = testFonds('O');
const COUNT = 205;
const REPO = 'luutru-h00.sohoa';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) =>
    ['record', 'header', 'set', 'error', 'dc:identifier', 'dc:type', 'dc:relation'].includes(name),
});

type Json = Record<string, unknown>;

/** The value at `path` inside parsed XML, or undefined. */
function get(o: unknown, ...path: (string | number)[]): unknown {
  let at: unknown = o;
  for (const k of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[k];
  }
  return at;
}
const arr = (o: unknown, ...path: (string | number)[]): Json[] => {
  const v = get(o, ...path);
  return Array.isArray(v) ? (v as Json[]) : [];
};

async function wellFormed(xml: string): Promise<void> {
  const child = run('xmllint', ['--noout', '-']);
  child.child.stdin?.end(xml);
  await child; // rejects with xmllint's message on a parse error
}

async function oai(query: string, init?: RequestInit): Promise<Json> {
  const res = await h.app.request(`/oai${query}`, init);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
  const xml = await res.text();
  await wellFormed(xml);
  const root = get(parser.parse(xml), 'OAI-PMH') as Json;
  expect(root['@xmlns']).toBe('http://www.openarchives.org/OAI/2.0/');
  expect(root['responseDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  return root;
}

const errorCode = (root: Json): unknown => get(root, 'error', 0, '@code');

beforeAll(async () => {
  h = await createRunHarness();
  s = await seedCatalogue(h, {
    fondsCode: FONDS,
    fondsName: 'Phông UBND tỉnh Hưng Yên',
    docs: Array.from({ length: COUNT }, (_, i) => ({
      typeCode: '02',
      codeNumber: String(i + 1),
      codeNotation: 'QĐ-UBND',
      issuedDate: '2020-01-15',
      organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
      subject: `Quyết định số ${i + 1} về việc số hóa`,
      keywords: 'số hóa; lưu trữ',
      // every tenth document is restricted: it must never be harvested
      accessModeCode: i % 10 === 9 ? '02' : null,
      text: `Quyết định ${i + 1}`,
    })),
  });
  restricted = await seedCatalogue(h, {
    fondsCode: FONDS,
    dossierMode: '03',
    docs: [{ typeCode: '14', subject: 'Báo cáo mật', text: 'mật' }],
  });
});

afterAll(async () => {
  await h.close();
});

const publicIds = () =>
  s.records.filter((_, i) => i % 10 !== 9).map((r) => `oai:${REPO}:${r.documentId}`);

describe('OAI-PMH', () => {
  it('Identify names the repository, its granularity and earliest datestamp', async () => {
    const root = await oai('?verb=Identify');
    expect(root['request']).toMatchObject({ '@verb': 'Identify' });
    const id = get(root, 'Identify') as Json;
    expect(id['protocolVersion']).toBe('2.0');
    expect(id['repositoryName']).toBe('Lưu trữ lịch sử tỉnh');
    expect(id['adminEmail']).toBe('luutru@example.vn');
    expect(id['baseURL']).toBe('http://localhost/oai');
    expect(id['granularity']).toBe('YYYY-MM-DDThh:mm:ssZ');
    expect(id['deletedRecord']).toBe('no');
    expect(id['earliestDatestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(get(id, 'description', 'oai-identifier', 'repositoryIdentifier')).toBe(REPO);
  });

  it('ListMetadataFormats offers oai_dc, for the repository and for one item', async () => {
    const root = await oai('?verb=ListMetadataFormats');
    expect(get(root, 'ListMetadataFormats', 'metadataFormat')).toMatchObject({
      metadataPrefix: 'oai_dc',
      metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
    });
    const one = await oai(`?verb=ListMetadataFormats&identifier=${publicIds()[0]}`);
    expect(get(one, 'ListMetadataFormats', 'metadataFormat', 'metadataPrefix')).toBe('oai_dc');
    const hidden = `oai:${REPO}:${restricted.records[0]?.documentId}`;
    expect(errorCode(await oai(`?verb=ListMetadataFormats&identifier=${hidden}`))).toBe(
      'idDoesNotExist',
    );
  });

  it('ListSets lists the fonds as sets', async () => {
    const sets = arr(await oai('?verb=ListSets'), 'ListSets', 'set');
    expect(sets.find((x) => x['setSpec'] === FONDS)?.['setName']).toBe('Phông UBND tỉnh Hưng Yên');
  });

  it('ListRecords walks every public record once through resumption tokens', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    let lastCursor = -1;
    do {
      const q: string =
        token === null
          ? `?verb=ListRecords&metadataPrefix=oai_dc&set=${FONDS}`
          : `?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
      const root = await oai(q);
      expect(errorCode(root)).toBeUndefined();
      const list = root['ListRecords'] as Json;
      for (const r of arr(list, 'record')) {
        expect(r['header']).toHaveLength(1);
        seen.push(String(get(r, 'header', 0, 'identifier')));
        expect(get(r, 'header', 0, 'setSpec')).toBe(FONDS);
      }
      const rt = list['resumptionToken'] as Json | string | undefined;
      const text: string =
        typeof rt === 'object' ? ((rt['#text'] as string | undefined) ?? '') : (rt ?? '');
      if (rt !== undefined && typeof rt === 'object') {
        expect(Number(rt['@cursor'])).toBeGreaterThan(lastCursor);
        lastCursor = Number(rt['@cursor']);
      }
      token = text === '' ? null : text;
      pages++;
    } while (token !== null && pages < 10);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(publicIds().sort());
  });

  it('ListIdentifiers gives headers only; from/until select by datestamp', async () => {
    const first = await oai(`?verb=ListIdentifiers&metadataPrefix=oai_dc&set=${FONDS}`);
    const headers = arr(first, 'ListIdentifiers', 'header');
    expect(headers).toHaveLength(100);
    expect(get(first, 'ListIdentifiers', 'record')).toBeUndefined();
    const stamp = String(headers[0]?.['datestamp']);
    const none = await oai(
      `?verb=ListIdentifiers&metadataPrefix=oai_dc&set=${FONDS}&until=2000-01-01`,
    );
    expect(errorCode(none)).toBe('noRecordsMatch');
    const today = stamp.slice(0, 10);
    const fromToday = await oai(
      `?verb=ListIdentifiers&metadataPrefix=oai_dc&set=${FONDS}&from=${today}&until=${today}`,
    );
    expect(arr(fromToday, 'ListIdentifiers', 'header')).toHaveLength(100);
    const later = await oai(
      `?verb=ListIdentifiers&metadataPrefix=oai_dc&set=${FONDS}&from=2999-01-01T00:00:00Z`,
    );
    expect(errorCode(later)).toBe('noRecordsMatch');
  });

  it('GetRecord gives the item in oai_dc', async () => {
    const id = publicIds()[0] ?? '';
    const root = await oai(
      `?verb=GetRecord&identifier=${encodeURIComponent(id)}&metadataPrefix=oai_dc`,
    );
    const rec = arr(root, 'GetRecord', 'record')[0];
    expect(get(rec, 'header', 0, 'identifier')).toBe(id);
    const dc = get(rec, 'metadata', 'oai_dc:dc') as Json;
    expect(dc['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(dc['dc:title']).toBe('Quyết định 1/QĐ-UBND: Quyết định số 1 về việc số hóa');
    expect(dc['dc:creator']).toBe('Ủy ban nhân dân tỉnh Hưng Yên');
    expect(dc['dc:date']).toBe('2020-01-15');
    expect(dc['dc:language']).toBe('vie');
    expect(dc['dc:subject']).toEqual(['số hóa', 'lưu trữ']);
    expect(dc['dc:type']).toEqual(['Quyết định', 'Text']);
    expect(dc['dc:identifier']).toContain(`http://localhost/tai-lieu/${s.records[0]?.documentId}`);
    expect(dc['dc:rights']).toBe('Công khai');
  });

  it('answers POST like GET', async () => {
    const root = await oai('', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'verb=Identify',
    });
    expect(get(root, 'Identify', 'repositoryName')).toBe('Lưu trữ lịch sử tỉnh');
  });

  it('answers each protocol error with its code', async () => {
    const cases: [string, string][] = [
      ['', 'badVerb'],
      ['?verb=Nonsense', 'badVerb'],
      ['?verb=Identify&verb=Identify', 'badVerb'],
      ['?verb=Identify&metadataPrefix=oai_dc', 'badArgument'],
      ['?verb=ListRecords', 'badArgument'],
      ['?verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01', 'badArgument'],
      [
        '?verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-01-01T00:00:00Z',
        'badArgument',
      ],
      ['?verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01', 'badArgument'],
      ['?verb=ListRecords&metadataPrefix=oai_dc&set=a&set=b', 'badArgument'],
      ['?verb=GetRecord&identifier=x', 'badArgument'],
      ['?verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
      [
        `?verb=GetRecord&identifier=oai:${REPO}:${randomUUID()}&metadataPrefix=oai_dc`,
        'idDoesNotExist',
      ],
      [
        `?verb=GetRecord&identifier=oai:other:${s.records[0]?.documentId}&metadataPrefix=oai_dc`,
        'idDoesNotExist',
      ],
      ['?verb=ListRecords&metadataPrefix=oai_dc&set=KHONG-CO-PHONG', 'noRecordsMatch'],
      ['?verb=ListRecords&resumptionToken=garbage', 'badResumptionToken'],
      ['?verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc', 'badArgument'],
      ['?verb=ListSets&resumptionToken=abc', 'badResumptionToken'],
    ];
    for (const [q, code] of cases) {
      const root = await oai(q);
      expect({ q, code: errorCode(root) }).toEqual({ q, code });
      if (code === 'badVerb' || code === 'badArgument') {
        // the request element carries no attributes after these two errors
        expect({ q, request: root['request'] }).toEqual({ q, request: 'http://localhost/oai' });
      }
    }
    // a restricted record is not harvestable: its identifier does not exist for OAI-PMH
    const hidden = s.records[9]?.documentId ?? '';
    const root = await oai(
      `?verb=GetRecord&identifier=oai:${REPO}:${hidden}&metadataPrefix=oai_dc`,
    );
    expect(errorCode(root)).toBe('idDoesNotExist');
  });
});
