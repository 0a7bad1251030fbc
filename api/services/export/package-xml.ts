/**
 * The structural and preservation files of a Thông tư 05/2025/TT-BNV AIP (E-ARK CSIP based):
 * METS.xml of the package and of its representation, PREMIS.xml and PREMIS_rep1.xml. They follow
 * the profiles shipped in schemas/ (METS.xsd, PREMIS.xsd): section ids uuid-{UPPER-CASE UUID},
 * file ids ID-{UUID}, SHA-256 on every file and metadata reference, dates with +07:00, and a
 * PREMIS event of type "transfer" for the digitization.
 */
import { randomUUID } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

const METS = 'http://www.loc.gov/METS/';
const XLINK = 'http://www.w3.org/1999/xlink';
const CSIP = 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS';
const PREMIS = 'http://www.loc.gov/premis/v3';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** A time in ISO 8601 at the Vietnam offset: 2026-12-07T17:30:00+07:00. */
export function vnTime(d: Date): string {
  return `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

export const sectionId = (): string => `uuid-${randomUUID().toUpperCase()}`;
export const fileId = (): string => `ID-${randomUUID()}`;

/** A file of the package as METS and PREMIS describe it. */
export interface PackageFile {
  /** Path inside the package folder, with / */
  readonly path: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly created: Date;
}

export interface Agents {
  /** The archive (mã cơ quan lưu trữ, name) */
  readonly archive: { readonly code: string; readonly name: string };
  /** sohoa and its version */
  readonly software: { readonly name: string; readonly version: string };
}

const checksummed = (f: PackageFile, relativeTo: string) => ({
  MIMETYPE: f.mediaType,
  SIZE: String(f.size),
  CREATED: vnTime(f.created),
  CHECKSUM: f.sha256,
  CHECKSUMTYPE: 'SHA-256',
  href: f.path.slice(relativeTo.length),
});

function mdRef(sec: XMLBuilder, f: PackageFile, relativeTo: string, mdType: 'EAD' | 'PREMIS') {
  const c = checksummed(f, relativeTo);
  sec.ele(METS, 'mdRef', {
    LOCTYPE: 'URL',
    'xlink:type': 'simple',
    'xlink:href': c.href,
    MDTYPE: mdType,
    MIMETYPE: c.MIMETYPE,
    SIZE: c.SIZE,
    CREATED: c.CREATED,
    CHECKSUM: c.CHECKSUM,
    CHECKSUMTYPE: c.CHECKSUMTYPE,
  });
}

function fileEl(grp: XMLBuilder, f: PackageFile, relativeTo: string): string {
  const id = fileId();
  const c = checksummed(f, relativeTo);
  grp
    .ele(METS, 'file', {
      ID: id,
      MIMETYPE: c.MIMETYPE,
      SIZE: c.SIZE,
      CREATED: c.CREATED,
      CHECKSUM: c.CHECKSUM,
      CHECKSUMTYPE: c.CHECKSUMTYPE,
    })
    .ele(METS, 'FLocat', { LOCTYPE: 'URL', 'xlink:type': 'simple', 'xlink:href': c.href });
  return id;
}

function metsRoot(o: {
  /** Path from the METS file to the package's schemas/ folder */
  schemas: string;
  objid: string;
  label: string;
  type: 'Mixed' | 'Collection';
  profile: string;
  created: Date;
  agents: Agents;
}): XMLBuilder {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(METS, 'mets', {
    'xmlns:xlink': XLINK,
    'xmlns:csip': CSIP,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${METS} ${o.schemas}METS.xsd`,
    OBJID: o.objid,
    LABEL: o.label,
    TYPE: o.type,
    PROFILE: o.profile,
    'csip:CONTENTINFORMATIONTYPE': 'OTHER',
    'csip:OTHERCONTENTINFORMATIONTYPE': 'TT05/2025/TT-BNV',
  });
  const hdr = root.ele(METS, 'metsHdr', {
    CREATEDATE: vnTime(o.created),
    RECORDSTATUS: 'NEW',
    'csip:OAISPACKAGETYPE': 'AIP',
  });
  hdr
    .ele(METS, 'agent', { ROLE: 'CREATOR', TYPE: 'OTHER', OTHERTYPE: 'SOFTWARE' })
    .ele(METS, 'name')
    .txt(o.agents.software.name)
    .up()
    .ele(METS, 'note')
    .txt(o.agents.software.version);
  hdr
    .ele(METS, 'agent', { ROLE: 'ARCHIVIST', TYPE: 'ORGANIZATION' })
    .ele(METS, 'name')
    .txt(o.agents.archive.name)
    .up()
    .ele(METS, 'note')
    .txt(o.agents.archive.code);
  return root;
}

/**
 * METS.xml of representation rep1: its document descriptions (EAD_doc), its PREMIS and its data
 * files. Paths of `files` start with `rep1/` (the representation's folder inside the package).
 */
export function representationMets(o: {
  objid: string;
  created: Date;
  agents: Agents;
  type: 'Mixed' | 'Collection';
  base: string;
  descriptions: readonly PackageFile[];
  premis: PackageFile;
  data: readonly PackageFile[];
}): Buffer {
  const root = metsRoot({
    schemas: '../../schemas/',
    objid: `${o.objid}/rep1`,
    label: 'rep1',
    type: o.type,
    profile: 'https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml',
    created: o.created,
    agents: o.agents,
  });
  const dmd = o.descriptions.map((f) => {
    const id = sectionId();
    mdRef(
      root.ele(METS, 'dmdSec', { ID: id, CREATED: vnTime(f.created), STATUS: 'CURRENT' }),
      f,
      o.base,
      'EAD',
    );
    return id;
  });
  const amd = root.ele(METS, 'amdSec', { ID: sectionId() });
  const prov = sectionId();
  mdRef(amd.ele(METS, 'digiprovMD', { ID: prov, STATUS: 'CURRENT' }), o.premis, o.base, 'PREMIS');
  const grp = root.ele(METS, 'fileSec', { ID: sectionId() }).ele(METS, 'fileGrp', {
    ID: sectionId(),
    USE: 'Data',
  });
  const files = o.data.map((f) => fileEl(grp, f, o.base));
  const top = root
    .ele(METS, 'structMap', { ID: sectionId(), TYPE: 'PHYSICAL', LABEL: 'CSIP' })
    .ele(METS, 'div', { ID: sectionId(), LABEL: 'rep1' });
  top.ele(METS, 'div', { ID: sectionId(), LABEL: 'Metadata', DMDID: dmd.join(' '), ADMID: prov });
  const data = top.ele(METS, 'div', { ID: sectionId(), LABEL: 'Data' });
  for (const id of files) data.ele(METS, 'fptr', { FILEID: id });
  return Buffer.from(root.end({ prettyPrint: true }), 'utf8');
}

/** METS.xml of the package: its description, PREMIS, schemas and the pointer to rep1's METS. */
export function packageMets(o: {
  objid: string;
  label: string;
  created: Date;
  agents: Agents;
  type: 'Mixed' | 'Collection';
  /** EAD.xml of the hồ sơ; for AIP_tailieu (no hồ sơ) the document's EAD_doc in rep1 */
  description: PackageFile;
  premis: PackageFile;
  schemas: readonly PackageFile[];
  documentation: readonly PackageFile[];
  representation: PackageFile;
}): Buffer {
  const root = metsRoot({
    schemas: 'schemas/',
    objid: o.objid,
    label: o.label,
    type: o.type,
    profile: 'http://www.ra.ee/METS/v01/IP.xml',
    created: o.created,
    agents: o.agents,
  });
  const dmdId = sectionId();
  mdRef(root.ele(METS, 'dmdSec', { ID: dmdId, STATUS: 'CURRENT' }), o.description, '', 'EAD');
  const amd = root.ele(METS, 'amdSec', { ID: sectionId() });
  const prov = sectionId();
  mdRef(amd.ele(METS, 'digiprovMD', { ID: prov, STATUS: 'CURRENT' }), o.premis, '', 'PREMIS');
  const sec = root.ele(METS, 'fileSec', { ID: sectionId() });
  const schemaGrp = sec.ele(METS, 'fileGrp', { ID: sectionId(), USE: 'Schemas' });
  const schemaIds = o.schemas.map((f) => fileEl(schemaGrp, f, ''));
  const docIds =
    o.documentation.length === 0
      ? []
      : (() => {
          const g = sec.ele(METS, 'fileGrp', { ID: sectionId(), USE: 'Documentation' });
          return o.documentation.map((f) => fileEl(g, f, ''));
        })();
  const repGrp = sec.ele(METS, 'fileGrp', { ID: sectionId(), USE: 'Representations/rep1' });
  fileEl(repGrp, o.representation, '');
  const top = root
    .ele(METS, 'structMap', { ID: sectionId(), TYPE: 'PHYSICAL', LABEL: 'CSIP' })
    .ele(METS, 'div', { ID: sectionId(), LABEL: o.objid });
  top.ele(METS, 'div', { ID: sectionId(), LABEL: 'Metadata', DMDID: dmdId, ADMID: prov });
  const schemas = top.ele(METS, 'div', { ID: sectionId(), LABEL: 'Schemas' });
  for (const id of schemaIds) schemas.ele(METS, 'fptr', { FILEID: id });
  if (docIds.length > 0) {
    const docs = top.ele(METS, 'div', { ID: sectionId(), LABEL: 'Documentation' });
    for (const id of docIds) docs.ele(METS, 'fptr', { FILEID: id });
  }
  top.ele(METS, 'div', { ID: sectionId(), LABEL: 'Representations/rep1' }).ele(METS, 'mptr', {
    LOCTYPE: 'URL',
    'xlink:type': 'simple',
    'xlink:href': o.representation.path,
    'xlink:title': 'rep1',
  });
  return Buffer.from(root.end({ prettyPrint: true }), 'utf8');
}

export interface Transfer {
  /** The object the digitization produced (a PDF's path, or the representation) */
  readonly object: string;
  /** When it was digitized, signed and approved */
  readonly at: Date;
  readonly detail: string;
}

/**
 * A PREMIS 3.0 document: the objects, the events (each digitization a "transfer", and the
 * package's "information package creation" when given) and the two agents.
 */
export function premis(o: {
  /** Path from the PREMIS file to the package's schemas/ folder */
  schemas: string;
  agents: Agents;
  representation: { id: string; name: string } | null;
  files: readonly (PackageFile & { originalName: string; signedBy: string | null })[];
  transfers: readonly Transfer[];
  creation: { at: Date; object: string } | null;
}): Buffer {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(PREMIS, 'premis', {
    // bound to a prefix as well, for the xsi:type="premis:file" values
    'xmlns:premis': PREMIS,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${PREMIS} ${o.schemas}PREMIS.xsd`,
    version: '3.0',
  });
  const archiveAgent = `${o.agents.archive.code}`;
  const softwareAgent = `${o.agents.software.name} ${o.agents.software.version}`;
  const events = [
    ...o.transfers.map((t) => ({ id: randomUUID(), type: 'transfer', ...t })),
    ...(o.creation === null
      ? []
      : [
          {
            id: randomUUID(),
            type: 'information package creation',
            object: o.creation.object,
            at: o.creation.at,
            detail:
              'Lập gói AIP theo Thông tư 05/2025/TT-BNV / AIP built to Thông tư 05/2025/TT-BNV',
          },
        ]),
  ];
  const linked = (object: string) => events.filter((e) => e.object === object);
  if (o.representation !== null) {
    const r = root.ele(PREMIS, 'object', { 'xsi:type': 'premis:representation' });
    r.ele(PREMIS, 'objectIdentifier')
      .ele(PREMIS, 'objectIdentifierType')
      .txt('local')
      .up()
      .ele(PREMIS, 'objectIdentifierValue')
      .txt(o.representation.id);
    r.ele(PREMIS, 'originalName').txt(o.representation.name);
    for (const e of linked(o.representation.id)) linkEvent(r, e.id);
  }
  for (const f of o.files) {
    const x = root.ele(PREMIS, 'object', { 'xsi:type': 'premis:file' });
    x.ele(PREMIS, 'objectIdentifier')
      .ele(PREMIS, 'objectIdentifierType')
      .txt('local')
      .up()
      .ele(PREMIS, 'objectIdentifierValue')
      .txt(f.path);
    const ch = x.ele(PREMIS, 'objectCharacteristics');
    ch.ele(PREMIS, 'compositionLevel').txt('0');
    ch.ele(PREMIS, 'fixity')
      .ele(PREMIS, 'messageDigestAlgorithm')
      .txt('SHA-256')
      .up()
      .ele(PREMIS, 'messageDigest')
      .txt(f.sha256)
      .up()
      .ele(PREMIS, 'messageDigestOriginator')
      .txt(softwareAgent);
    ch.ele(PREMIS, 'size').txt(String(f.size));
    ch.ele(PREMIS, 'format')
      .ele(PREMIS, 'formatDesignation')
      .ele(PREMIS, 'formatName')
      .txt('PDF/A')
      .up()
      .ele(PREMIS, 'formatVersion')
      .txt('2u');
    x.ele(PREMIS, 'originalName').txt(f.originalName);
    if (f.signedBy !== null) {
      x.ele(PREMIS, 'signatureInformation')
        .ele(PREMIS, 'signature')
        .ele(PREMIS, 'signatureEncoding')
        .txt('ETSI.CAdES.detached')
        .up()
        .ele(PREMIS, 'signer')
        .txt(f.signedBy)
        .up()
        .ele(PREMIS, 'signatureMethod')
        .txt('PAdES B-B, CMS SHA-256 with RSA')
        .up()
        .ele(PREMIS, 'signatureValidationRules')
        .txt('ETSI EN 319 142-1');
    }
    for (const e of linked(f.path)) linkEvent(x, e.id);
  }
  for (const e of events) {
    const ev = root.ele(PREMIS, 'event');
    ev.ele(PREMIS, 'eventIdentifier')
      .ele(PREMIS, 'eventIdentifierType')
      .txt('UUID')
      .up()
      .ele(PREMIS, 'eventIdentifierValue')
      .txt(e.id);
    ev.ele(PREMIS, 'eventType').txt(e.type);
    ev.ele(PREMIS, 'eventDateTime').txt(vnTime(e.at));
    ev.ele(PREMIS, 'eventDetailInformation').ele(PREMIS, 'eventDetail').txt(e.detail);
    ev.ele(PREMIS, 'eventOutcomeInformation').ele(PREMIS, 'eventOutcome').txt('success');
    for (const [value, role] of [
      [archiveAgent, 'executing program'],
      [softwareAgent, 'software'],
    ] as const) {
      ev.ele(PREMIS, 'linkingAgentIdentifier')
        .ele(PREMIS, 'linkingAgentIdentifierType')
        .txt('local')
        .up()
        .ele(PREMIS, 'linkingAgentIdentifierValue')
        .txt(value)
        .up()
        .ele(PREMIS, 'linkingAgentRole')
        .txt(role);
    }
    ev.ele(PREMIS, 'linkingObjectIdentifier')
      .ele(PREMIS, 'linkingObjectIdentifierType')
      .txt('local')
      .up()
      .ele(PREMIS, 'linkingObjectIdentifierValue')
      .txt(e.object);
  }
  for (const [value, name, type, version] of [
    [archiveAgent, o.agents.archive.name, 'organization', null],
    [softwareAgent, o.agents.software.name, 'software', o.agents.software.version],
  ] as const) {
    const a = root.ele(PREMIS, 'agent');
    a.ele(PREMIS, 'agentIdentifier')
      .ele(PREMIS, 'agentIdentifierType')
      .txt('local')
      .up()
      .ele(PREMIS, 'agentIdentifierValue')
      .txt(value);
    a.ele(PREMIS, 'agentName').txt(name);
    a.ele(PREMIS, 'agentType').txt(type);
    if (version !== null) a.ele(PREMIS, 'agentVersion').txt(version);
  }
  return Buffer.from(root.end({ prettyPrint: true }), 'utf8');
}

function linkEvent(obj: XMLBuilder, id: string): void {
  obj
    .ele(PREMIS, 'linkingEventIdentifier')
    .ele(PREMIS, 'linkingEventIdentifierType')
    .txt('UUID')
    .up()
    .ele(PREMIS, 'linkingEventIdentifierValue')
    .txt(id);
}
