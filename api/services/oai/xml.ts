/**
 * OAI-PMH 2.0 responses as XML (the envelope, headers, records in oai_dc), written with
 * xmlbuilder2 so that every value is escaped and every namespace declared.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { findCode, LANGUAGE_ISO639 } from '../../../core/domain/code-lists.js';
import type { OaiErrorCode } from './protocol.js';
import { formatDatestamp } from './protocol.js';
import type { OaiItem } from './repository.js';

const OAI = 'http://www.openarchives.org/OAI/2.0/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const OAI_DC = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const DC = 'http://purl.org/dc/elements/1.1/';

/** The response envelope: responseDate and request; `body` adds the verb's element or errors. */
export function envelope(
  baseUrl: string,
  request: Readonly<Record<string, string>> | null,
  body: (root: XMLBuilder) => void,
): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(OAI, 'OAI-PMH', {
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`,
  });
  root.ele('responseDate').txt(formatDatestamp(new Date()));
  // After badVerb or badArgument the protocol wants the bare base URL, without attributes.
  root.ele('request', request ?? {}).txt(baseUrl);
  body(root);
  return root.end({ prettyPrint: true });
}

export function errors(
  root: XMLBuilder,
  list: readonly { code: OaiErrorCode; message: string }[],
): void {
  for (const e of list) root.ele('error', { code: e.code }).txt(e.message);
}

/** The <header> of an item. */
export function header(parent: XMLBuilder, identifier: string, item: OaiItem): void {
  const h = parent.ele('header');
  h.ele('identifier').txt(identifier);
  h.ele('datestamp').txt(formatDatestamp(item.datestamp));
  h.ele('setSpec').txt(item.summary.fondsCode);
}

export interface DcContext {
  readonly identifier: string;
  readonly readerUrl: string;
  readonly archiveName: string;
}

/** The <record> of an item: header and oai_dc metadata. */
export function record(parent: XMLBuilder, item: OaiItem, ctx: DcContext): void {
  const rec = parent.ele('record');
  header(rec, ctx.identifier, item);
  const dc = rec.ele('metadata').ele(OAI_DC, 'oai_dc:dc', {
    'xmlns:dc': DC,
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd`,
  });
  const add = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value.trim() !== '')
      dc.ele(DC, `dc:${name}`).txt(value);
  };
  const s = item.summary;
  const d = item.metadata.document;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  add('title', s.title);
  add('creator', s.organName);
  for (const k of (str(d['keyword']) ?? '').split(/[;,]/)) add('subject', k.trim());
  add('description', s.subject);
  add('publisher', ctx.archiveName);
  add('date', s.issuedDate);
  add('type', s.typeName);
  add('type', 'Text');
  add('format', 'application/pdf');
  add('identifier', s.docCode);
  add('identifier', ctx.readerUrl);
  add('source', str(item.metadata.dossier['paperFileCode']));
  const langs = Array.isArray(d['language']) ? d['language'] : [];
  for (const iso of new Set(langs.flatMap((c) => LANGUAGE_ISO639[c] ?? []))) add('language', iso);
  add('relation', [s.fileCode, s.dossierTitle].filter(Boolean).join(' — '));
  add('relation', [s.fondsCode, s.fondsName].filter(Boolean).join(' — '));
  add('rights', findCode('accessMode', s.accessMode)?.vi ?? null);
}

/** The oai_dc entry of ListMetadataFormats. */
export function metadataFormats(parent: XMLBuilder): void {
  const f = parent.ele('ListMetadataFormats').ele('metadataFormat');
  f.ele('metadataPrefix').txt('oai_dc');
  f.ele('schema').txt('http://www.openarchives.org/OAI/2.0/oai_dc.xsd');
  f.ele('metadataNamespace').txt(OAI_DC);
}

/** Identify's oai-identifier description (how identifiers are made). */
export function identifierDescription(parent: XMLBuilder, repo: string, sample: string): void {
  const NS = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
  const d = parent.ele('description').ele(NS, 'oai-identifier', {
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${NS} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd`,
  });
  d.ele('scheme').txt('oai');
  d.ele('repositoryIdentifier').txt(repo);
  d.ele('delimiter').txt(':');
  d.ele('sampleIdentifier').txt(sample);
}
