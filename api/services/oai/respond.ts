/**
 * Answers one OAI-PMH request: parses it, asks the repository, writes the XML. Errors of the
 * protocol are answers (HTTP 200 with <error>), as OAI-PMH 2.0 section 3.6 says.
 */
import type { PrismaClient } from '../../../core/db/client.js';
import {
  encodeToken,
  formatDatestamp,
  OaiError,
  parseOaiRequest,
  type OaiRequest,
} from './protocol.js';
import {
  documentIdOf,
  earliestDatestamp,
  getItem,
  listItems,
  listSets,
  oaiIdentifier,
  setExists,
} from './repository.js';
import { envelope, errors, header, identifierDescription, metadataFormats, record } from './xml.js';

export interface OaiContext {
  readonly db: PrismaClient;
  /** The endpoint as harvesters call it, e.g. https://sohoa.example.vn/oai */
  readonly baseUrl: string;
  /** Origin of the reader's pages */
  readonly origin: string;
  readonly repositoryName: string;
  /** repositoryIdentifier of the oai-identifier scheme (a domain-like name) */
  readonly repositoryId: string;
  readonly adminEmail: string;
}

/** The XML answer to the request whose arguments are `args` (each name with all its values). */
export async function respondOai(ctx: OaiContext, args: Record<string, string[]>): Promise<string> {
  let req: OaiRequest;
  try {
    req = parseOaiRequest(args);
  } catch (err) {
    if (!(err instanceof OaiError)) throw err;
    // badVerb and badArgument echo no attributes; other errors echo the request's.
    const echo = err.code === 'badVerb' || err.code === 'badArgument' ? null : flat(args);
    return envelope(ctx.baseUrl, echo, (root) => errors(root, [err]));
  }
  const echo = flat(args);
  try {
    const body = await answer(ctx, req);
    return envelope(ctx.baseUrl, echo, body);
  } catch (err) {
    if (!(err instanceof OaiError)) throw err;
    return envelope(ctx.baseUrl, echo, (root) => errors(root, [err]));
  }
}

type Body = Parameters<typeof envelope>[2];

async function answer(ctx: OaiContext, req: OaiRequest): Promise<Body> {
  const id = (documentId: string) => oaiIdentifier(ctx.repositoryId, documentId);
  const dc = (documentId: string) => ({
    identifier: id(documentId),
    readerUrl: `${ctx.origin}/tai-lieu/${documentId}`,
    archiveName: ctx.repositoryName,
  });
  switch (req.verb) {
    case 'Identify': {
      const earliest = (await earliestDatestamp(ctx.db)) ?? new Date(0);
      return (root) => {
        const i = root.ele('Identify');
        i.ele('repositoryName').txt(ctx.repositoryName);
        i.ele('baseURL').txt(ctx.baseUrl);
        i.ele('protocolVersion').txt('2.0');
        i.ele('adminEmail').txt(ctx.adminEmail);
        i.ele('earliestDatestamp').txt(formatDatestamp(earliest));
        // A record made restricted by a re-approval leaves the list without a trace.
        i.ele('deletedRecord').txt('no');
        i.ele('granularity').txt('YYYY-MM-DDThh:mm:ssZ');
        identifierDescription(i, ctx.repositoryId, id('00000000-0000-4000-8000-000000000000'));
      };
    }
    case 'ListMetadataFormats': {
      if (req.identifier !== null) await itemOrThrow(ctx, req.identifier);
      return metadataFormats;
    }
    case 'ListSets': {
      const sets = await listSets(ctx.db);
      return (root) => {
        const l = root.ele('ListSets');
        for (const s of sets)
          l.ele('set').ele('setSpec').txt(s.code).up().ele('setName').txt(s.name);
      };
    }
    case 'GetRecord': {
      const item = await itemOrThrow(ctx, req.identifier);
      return (root) => record(root.ele('GetRecord'), item, dc(item.summary.documentId));
    }
    case 'ListIdentifiers':
    case 'ListRecords': {
      const { list } = req;
      if (list.set !== null && list.after === null && !(await setExists(ctx.db, list.set))) {
        throw new OaiError('noRecordsMatch', `Không có phông ${list.set} / No set ${list.set}`);
      }
      const page = await listItems(ctx.db, list);
      if (page.items.length === 0) {
        if (list.after !== null) {
          throw new OaiError(
            'badResumptionToken',
            'Mã tiếp tục không còn dùng được / The resumptionToken no longer applies',
          );
        }
        throw new OaiError(
          'noRecordsMatch',
          'Không có tài liệu nào khớp / No records match the request',
        );
      }
      const cursor = list.cursor;
      const next =
        page.more && page.last !== null
          ? encodeToken({ ...list, after: page.last, cursor: cursor + page.items.length })
          : null;
      return (root) => {
        const l = root.ele(req.verb);
        for (const item of page.items) {
          if (req.verb === 'ListIdentifiers') header(l, id(item.summary.documentId), item);
          else record(l, item, dc(item.summary.documentId));
        }
        // The last page of a list that used tokens ends with an empty token.
        if (next !== null) l.ele('resumptionToken', { cursor: String(cursor) }).txt(next);
        else if (list.after !== null) l.ele('resumptionToken', { cursor: String(cursor) });
      };
    }
  }
}

async function itemOrThrow(ctx: OaiContext, identifier: string) {
  const documentId = documentIdOf(ctx.repositoryId, identifier);
  const item = documentId === null ? null : await getItem(ctx.db, documentId);
  if (item === null) {
    throw new OaiError('idDoesNotExist', `Không có tài liệu ${identifier} / No item ${identifier}`);
  }
  return item;
}

const flat = (args: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(args).flatMap(([k, v]) => (v[0] === undefined ? [] : [[k, v[0]]])),
  );
