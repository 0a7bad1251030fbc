/**
 * Exports on the real api, database and blob store: an AIP_hoso and an AIP_tailieu zip unpack to
 * the documented layout, every SHA-256 in the METS files and the manifest verifies against the
 * unpacked bytes, every XML file is well-formed and valid against the XML schemas shipped in the
 * package (xmllint), PREMIS carries the "transfer" event; a dossier with an empty required field or
 * an altered PDF is refused; CSV and XLSX of the metadata hold what the viewer may read.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createRunHarness, type Harness, type TestLogin } from '../../api/testing/harness.js';
import { seedCatalogue, testFonds, type SeededCatalogue } from '../fixtures/catalogue.js';

const run = promisify(execFile);
let h: Harness;
let manager: TestLogin;
let operator: TestLogin;
let s: SeededCatalogue;
let dir: string;
const FONDS = testFonds('E');

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
});

beforeAll(async () => {
  h = await createRunHarness();
  manager = await h.login('manager');
  operator = await h.login('operator');
  dir = await mkdtemp(join(tmpdir(), 'sohoa-aip-'));
  s = await seedCatalogue(h, {
    fondsCode: FONDS,
    dossierTitle: 'Hồ sơ về công tác số hóa tài liệu năm 2021',
    docs: [
      {
        typeCode: '10',
        codeNumber: '146',
        codeNotation: 'KH-UBND',
        issuedDate: '2021-05-18',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        subject: 'Kế hoạch số hóa tài liệu lưu trữ & "bảo quản" <năm 2021>',
        keywords: 'số hóa',
        text: 'KẾ HOẠCH',
      },
      {
        typeCode: '14',
        issuedDate: '2021-07',
        organName: 'Sở Nội vụ tỉnh Hưng Yên',
        subject: 'Báo cáo kết quả',
        accessModeCode: '03',
        text: 'BÁO CÁO',
      },
    ],
  });
});

afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** Unzips `zip` into a fresh folder; returns it and the entry names. */
async function unzip(zip: Buffer): Promise<{ root: string; names: string[] }> {
  const root = await mkdtemp(join(dir, 'x-'));
  const names: string[] = [];
  const z = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, f) => (err ? reject(err) : resolve(f))),
  );
  await new Promise<void>((resolve, reject) => {
    z.on('entry', (e: yauzl.Entry) => {
      names.push(e.fileName);
      z.openReadStream(e, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const target = join(root, e.fileName);
          mkdir(dirname(target), { recursive: true })
            .then(() => writeFile(target, Buffer.concat(chunks)))
            .then(() => z.readEntry(), reject);
        });
      });
    });
    z.on('end', resolve);
    z.on('error', reject);
    z.readEntry();
  });
  return { root, names };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file and mdRef of a METS file: its checksum and size match the unpacked file. */
async function verifyMets(root: string, metsPath: string): Promise<number> {
  const xml = await readFile(join(root, metsPath), 'utf8');
  const refs: { href: string; sum: string; size: string; type: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o['@CHECKSUM'] === 'string') {
      const flocat = o['mets:FLocat'] ?? o['FLocat'];
      const href = (o['@xlink:href'] ??
        (flocat as Record<string, unknown> | undefined)?.['@xlink:href']) as string;
      refs.push({
        href,
        sum: o['@CHECKSUM'],
        size: String(o['@SIZE']),
        type: String(o['@CHECKSUMTYPE']),
      });
    }
    Object.values(o).forEach(walk);
  };
  walk(parser.parse(xml));
  for (const r of refs) {
    const bytes = await readFile(join(root, posix.dirname(metsPath), r.href));
    expect({ file: r.href, sha: sha(bytes), size: String(bytes.length), type: r.type }).toEqual({
      file: r.href,
      sha: r.sum,
      size: r.size,
      type: 'SHA-256',
    });
  }
  return refs.length;
}

async function validate(root: string, pkg: string, file: string): Promise<void> {
  const base = posix.basename(file);
  const schema =
    base === 'METS.xml'
      ? 'METS.xsd'
      : base.startsWith('PREMIS')
        ? 'PREMIS.xsd'
        : base.startsWith('EAD_doc')
          ? 'EAD_doc.xsd'
          : 'EAD.xsd';
  await run('xmllint', [
    '--noout',
    '--schema',
    join(root, pkg, 'schemas', schema),
    join(root, pkg, file),
  ]);
}

describe('AIP packages', () => {
  it('AIP_hoso: the documented layout, every checksum verifies, every XML file validates', async () => {
    const res = await h.app.request(`/api/catalogue/dossiers/${s.dossierId}/aip`, {
      headers: manager.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('AIP_hoso_H99.HS.');
    const { root, names } = await unzip(Buffer.from(await res.arrayBuffer()));
    const pkg = `urn_uuid_${s.dossierRecordId}`;
    const code = s.dossierCode;
    expect(names.map((n) => n.slice(pkg.length + 1)).sort()).toEqual(
      [
        'METS.xml',
        'documentation/manifest-sha256.txt',
        'metadata/descriptive/EAD.xml',
        'metadata/preservation/PREMIS.xml',
        'representations/rep1/METS.xml',
        `representations/rep1/data/${code}.1.pdf`,
        `representations/rep1/data/${code}.2.pdf`,
        'representations/rep1/metadata/descriptive/EAD_doc_1.xml',
        'representations/rep1/metadata/descriptive/EAD_doc_2.xml',
        'representations/rep1/metadata/preservation/PREMIS_rep1.xml',
        'schemas/CSIP.xsd',
        'schemas/EAD.xsd',
        'schemas/EAD_doc.xsd',
        'schemas/EAD_types.xsd',
        'schemas/METS.xsd',
        'schemas/PREMIS.xsd',
        'schemas/xlink.xsd',
      ].sort(),
    );
    expect(names.every((n) => n.startsWith(`${pkg}/`))).toBe(true);

    // checksums: the two METS files cover every file but the package METS itself
    const inRoot = await verifyMets(root, `${pkg}/METS.xml`);
    const inRep = await verifyMets(root, `${pkg}/representations/rep1/METS.xml`);
    expect(inRoot).toBe(1 + 1 + 7 + 1 + 1); // EAD, PREMIS, schemas, manifest, rep1 METS
    expect(inRep).toBe(2 + 1 + 2); // EAD_doc ×2, PREMIS_rep1, PDFs ×2
    const manifest = (await readFile(join(root, pkg, 'documentation/manifest-sha256.txt'), 'utf8'))
      .trim()
      .split('\n');
    expect(manifest).toHaveLength(names.length - 2);
    for (const line of manifest) {
      const [sum, path] = line.split(/ {2}/);
      expect({ path, sum: sha(await readFile(join(root, pkg, path ?? ''))) }).toEqual({
        path,
        sum,
      });
    }
    const pdf = await readFile(join(root, pkg, `representations/rep1/data/${code}.1.pdf`));
    expect(sha(pdf)).toBe(s.records[0]?.pdfSha256);

    // every XML file is well-formed and valid against the schemas the package ships
    for (const f of names.filter((n) => n.endsWith('.xml')))
      await validate(root, pkg, f.slice(pkg.length + 1));

    const mets = await readFile(join(root, pkg, 'METS.xml'), 'utf8');
    expect(mets).toMatch(/TYPE="Mixed"/);
    expect(mets).toMatch(/csip:OAISPACKAGETYPE="AIP"/);
    expect(mets).toMatch(/PROFILE="http:\/\/www\.ra\.ee\/METS\/v01\/IP\.xml"/);
    expect(mets).toMatch(/CREATEDATE="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00"/);
    const premis = await readFile(
      join(root, pkg, 'representations/rep1/metadata/preservation/PREMIS_rep1.xml'),
      'utf8',
    );
    expect(premis.match(/<(premis:)?eventType>transfer<\/(premis:)?eventType>/g)).toHaveLength(2);
    expect(premis).toMatch(new RegExp(`<(premis:)?messageDigest>${s.records[0]?.pdfSha256}<`));
    const ead = await readFile(join(root, pkg, 'metadata/descriptive/EAD.xml'), 'utf8');
    expect(ead).toContain('<title>Hồ sơ về công tác số hóa tài liệu năm 2021</title>');
    expect(ead).toContain('<startDate>2019</startDate>');
    const doc1 = await readFile(
      join(root, pkg, 'representations/rep1/metadata/descriptive/EAD_doc_1.xml'),
      'utf8',
    );
    expect(doc1).toContain('<issuedDate>18/05/2021</issuedDate>');
    expect(doc1).toContain(
      '<subject>Kế hoạch số hóa tài liệu lưu trữ &amp; "bảo quản" &lt;năm 2021&gt;</subject>',
    );
    expect(doc1).toMatch(/<docCode>H99\.HS\.[^<]+\.0000001<\/docCode>/);

    // the schemas can fail: a mode outside the code list is refused
    const bad = doc1.replace('<mode>01</mode>', '<mode>04</mode>');
    await writeFile(join(root, pkg, 'bad.xml'), bad);
    await expect(
      run('xmllint', [
        '--noout',
        '--schema',
        join(root, pkg, 'schemas/EAD_doc.xsd'),
        join(root, pkg, 'bad.xml'),
      ]),
    ).rejects.toThrow(/fails to validate/);
  });

  it('AIP_tailieu: one document, the same checks', async () => {
    const rec = s.records[0]!;
    const res = await h.app.request(`/api/catalogue/records/${rec.documentId}/aip`, {
      headers: manager.headers,
    });
    expect(res.status).toBe(200);
    const { root, names } = await unzip(Buffer.from(await res.arrayBuffer()));
    const pkg = `urn_uuid_${rec.recordId}`;
    expect(
      names
        .map((n) => n.slice(pkg.length + 1))
        .filter((n) => !n.startsWith('schemas/'))
        .sort(),
    ).toEqual(
      [
        'METS.xml',
        'documentation/manifest-sha256.txt',
        'metadata/preservation/PREMIS.xml',
        'representations/rep1/METS.xml',
        `representations/rep1/data/${s.dossierCode}.1.pdf`,
        'representations/rep1/metadata/descriptive/EAD_doc_1.xml',
        'representations/rep1/metadata/preservation/PREMIS_rep1.xml',
      ].sort(),
    );
    await verifyMets(root, `${pkg}/METS.xml`);
    await verifyMets(root, `${pkg}/representations/rep1/METS.xml`);
    for (const f of names.filter((n) => n.endsWith('.xml')))
      await validate(root, pkg, f.slice(pkg.length + 1));
    expect(await readFile(join(root, pkg, 'METS.xml'), 'utf8')).toMatch(/TYPE="Collection"/);
  });

  it('only managers and administrators make packages; the access decision still applies', async () => {
    expect((await h.app.request(`/api/catalogue/dossiers/${s.dossierId}/aip`)).status).toBe(401);
    const op = await h.app.request(`/api/catalogue/dossiers/${s.dossierId}/aip`, {
      headers: operator.headers,
    });
    expect(op.status).toBe(403);
    expect(((await op.json()) as { code: string }).code).toBe('auth.forbidden');
  });

  it('refuses a dossier with an empty required field, naming it, and a PDF altered on disk', async () => {
    const incomplete = await seedCatalogue(h, {
      fondsCode: FONDS,
      docs: [{ subject: 'Tài liệu chưa có tên loại', text: 'x' }],
    });
    const res = await h.app.request(`/api/catalogue/dossiers/${incomplete.dossierId}/aip`, {
      headers: manager.headers,
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('export.incomplete');
    expect(body.message).toContain('EAD_doc_1.xml typeName');

    // a PDF changed behind the archive's back is not packaged as if it were sound
    const path = h.blobs.pathOf(s.records[0]!.pdfSha256);
    const original = await readFile(path);
    await chmod(path, 0o644);
    await writeFile(path, Buffer.concat([original, Buffer.from('%x')]));
    try {
      const altered = await h.app.request(
        `/api/catalogue/records/${s.records[0]!.documentId}/aip`,
        {
          headers: manager.headers,
        },
      );
      expect(altered.status).toBe(409);
      expect(((await altered.json()) as { code: string }).code).toBe('export.fixity');
    } finally {
      await writeFile(path, original);
    }
  });
});

describe('CSV and XLSX of the metadata', () => {
  it('CSV: Vietnamese headers, one row per record the viewer may read', async () => {
    const get = (who: TestLogin) =>
      h.app.request(`/api/catalogue/export.csv?fonds=${FONDS}&dateFrom=2021`, {
        headers: who.headers,
      });
    const res = await get(manager);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    // a byte-order mark, so that Excel reads the file as UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv<Record<string, string>>(bytes.subarray(3).toString('utf8'), {
      columns: true,
    });
    expect(rows.map((r) => r['Số (codeNumber)'])).toEqual(['', '146']);
    expect(rows[1]?.['Trích yếu nội dung (subject)']).toContain('Kế hoạch số hóa');
    expect(rows[0]?.['Mức độ tiếp cận (mode)']).toBe('Mật');
    const forOperator = parseCsv<Record<string, string>>(await (await get(operator)).text(), {
      columns: true,
      bom: true,
    });
    expect(forOperator).toHaveLength(1);
    expect((await h.app.request(`/api/catalogue/export.csv?fonds=${FONDS}`)).status).toBe(401);
  });

  it('XLSX: the same rows in a workbook', async () => {
    const res = await h.app.request(`/api/catalogue/export.xlsx?fonds=${FONDS}&q=ke%20hoach`, {
      headers: manager.headers,
    });
    expect(res.status).toBe(200);
    const file = join(dir, `${randomUUID()}.xlsx`);
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const sheets = await readXlsxFile(file);
    const data = sheets[0]?.data ?? [];
    expect(data[0]?.[0]).toBe('Mã lưu trữ (docCode)');
    expect(data).toHaveLength(2);
    expect(String(data[1]?.[8])).toBe('KH-UBND');
  });
});
