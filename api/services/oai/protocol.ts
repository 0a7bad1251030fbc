/**
 * OAI-PMH 2.0 requests: which verb with which arguments, checked as the protocol says (section
 * 3.6), with its error codes; datestamps at the granularity YYYY-MM-DDThh:mm:ssZ; resumption
 * tokens. Pure: the repository queries and the XML are elsewhere.
 */
import { z } from 'zod';

export const METADATA_PREFIX = 'oai_dc';

export type OaiErrorCode =
  | 'badVerb'
  | 'badArgument'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'badResumptionToken'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

/** An OAI-PMH error: answered with HTTP 200 and an <error code="…"> element, as the protocol says. */
export class OaiError extends Error {
  override name = 'OaiError';
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where a list continues: the request's selection and the last record given. */
export interface ListState {
  readonly prefix: string;
  /** Inclusive lower bound, ms since the epoch */
  readonly from: number | null;
  /** Exclusive upper bound, ms since the epoch */
  readonly until: number | null;
  readonly set: string | null;
  /** The (datestamp, record id) of the last record of the previous page */
  readonly after: { readonly at: number; readonly id: string } | null;
  /** Records given so far (the token's `cursor`) */
  readonly cursor: number;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier: string | null }
  | { verb: 'ListSets'; resumptionToken: string | null }
  | { verb: 'GetRecord'; identifier: string; prefix: string }
  | { verb: 'ListIdentifiers' | 'ListRecords'; list: ListState };

const VERBS: Record<string, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
  ListRecords: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
};

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const SECOND_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A datestamp argument as [inclusive start, exclusive end) in ms, or null when malformed. */
export function parseDatestamp(s: string): { start: number; end: number; day: boolean } | null {
  const day = DAY_RE.test(s);
  if (!day && !SECOND_RE.test(s)) return null;
  const start = Date.parse(day ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(start)) return null;
  // Date.parse rolls 2026-02-30 over; the protocol wants a real date.
  const back = new Date(start).toISOString();
  if (back.slice(0, day ? 10 : 19) !== s.replace(/Z$/, '')) return null;
  return { start, end: start + (day ? 86_400_000 : 1000), day };
}

/** A datestamp as the repository writes it (seconds granularity, UTC). */
export const formatDatestamp = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const Token = z
  .object({
    p: z.string(),
    f: z.number().nullable(),
    u: z.number().nullable(),
    s: z.string().nullable(),
    a: z.number(),
    i: z.uuid(),
    c: z.int().min(0),
  })
  .strict();

export function encodeToken(state: ListState & { after: { at: number; id: string } }): string {
  const t: z.infer<typeof Token> = {
    p: state.prefix,
    f: state.from,
    u: state.until,
    s: state.set,
    a: state.after.at,
    i: state.after.id,
    c: state.cursor,
  };
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(token: string): ListState {
  try {
    const t = Token.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return {
      prefix: t.p,
      from: t.f,
      until: t.u,
      set: t.s,
      after: { at: t.a, id: t.i },
      cursor: t.c,
    };
  } catch {
    throw new OaiError(
      'badResumptionToken',
      'Mã tiếp tục (resumptionToken) không hợp lệ hoặc đã hết hạn / The resumptionToken is invalid or has expired',
    );
  }
}

/**
 * Reads an OAI-PMH request from its arguments (query string or form body; a name given twice
 * arrives with two values). Throws OaiError badVerb / badArgument / cannotDisseminateFormat /
 * badResumptionToken.
 */
export function parseOaiRequest(args: Record<string, string[]>): OaiRequest {
  const verbs = args['verb'] ?? [];
  if (verbs.length !== 1 || verbs[0] === undefined || !(verbs[0] in VERBS)) {
    throw new OaiError(
      'badVerb',
      verbs.length > 1
        ? 'Tham số verb bị lặp lại / The verb argument is repeated'
        : `Verb ${JSON.stringify(verbs[0] ?? '')} không hợp lệ hoặc thiếu / Illegal or missing verb`,
    );
  }
  const verb = verbs[0];
  const spec = VERBS[verb] as (typeof VERBS)[string];
  const one: Record<string, string> = {};
  for (const [name, values] of Object.entries(args)) {
    if (name === 'verb') continue;
    const allowed =
      spec.required.includes(name) || spec.optional.includes(name) || spec.exclusive === name;
    if (!allowed)
      throw badArgument(
        `Tham số ${name} không dùng được với ${verb} / Illegal argument ${name} for ${verb}`,
      );
    if (values.length !== 1)
      throw badArgument(`Tham số ${name} bị lặp lại / The argument ${name} is repeated`);
    one[name] = values[0] ?? '';
  }
  const token = spec.exclusive !== undefined ? one[spec.exclusive] : undefined;
  if (token !== undefined) {
    if (Object.keys(one).length > 1) {
      throw badArgument(
        'resumptionToken phải đứng một mình / resumptionToken is an exclusive argument',
      );
    }
  } else {
    for (const name of spec.required) {
      if (one[name] === undefined || one[name] === '') {
        throw badArgument(`Thiếu tham số ${name} / Missing argument ${name}`);
      }
    }
  }
  switch (verb) {
    case 'Identify':
      return { verb };
    case 'ListMetadataFormats':
      return { verb, identifier: one['identifier'] ?? null };
    case 'ListSets':
      // The sets come in one list: no resumption token is ever ours.
      if (token !== undefined) {
        throw new OaiError(
          'badResumptionToken',
          'Danh sách phông không chia trang / The set list is not paged',
        );
      }
      return { verb, resumptionToken: null };
    case 'GetRecord':
      return {
        verb,
        identifier: one['identifier'] ?? '',
        prefix: checkPrefix(one['metadataPrefix'] ?? ''),
      };
    case 'ListIdentifiers':
    case 'ListRecords': {
      if (token !== undefined) {
        const list = decodeToken(token);
        checkPrefix(list.prefix);
        return { verb, list };
      }
      const from = one['from'] === undefined ? null : parseDatestamp(one['from']);
      const until = one['until'] === undefined ? null : parseDatestamp(one['until']);
      if (one['from'] !== undefined && from === null)
        throw badArgument(
          `from ${JSON.stringify(one['from'])} không phải ngày hợp lệ / is not a valid datestamp`,
        );
      if (one['until'] !== undefined && until === null)
        throw badArgument(
          `until ${JSON.stringify(one['until'])} không phải ngày hợp lệ / is not a valid datestamp`,
        );
      if (from !== null && until !== null) {
        if (from.day !== until.day)
          throw badArgument(
            'from và until phải cùng độ chi tiết / from and until must have the same granularity',
          );
        if (from.start > until.start)
          throw badArgument('from sau until / from is later than until');
      }
      return {
        verb,
        list: {
          prefix: checkPrefix(one['metadataPrefix'] ?? ''),
          from: from?.start ?? null,
          until: until?.end ?? null,
          set: one['set'] ?? null,
          after: null,
          cursor: 0,
        },
      };
    }
    default:
      throw new OaiError('badVerb', `Verb ${verb} không hợp lệ / Illegal verb ${verb}`);
  }
}

const badArgument = (message: string) => new OaiError('badArgument', message);

function checkPrefix(prefix: string): string {
  if (prefix !== METADATA_PREFIX) {
    throw new OaiError(
      'cannotDisseminateFormat',
      `Không cung cấp định dạng ${JSON.stringify(prefix)}; chỉ có oai_dc / Format ${JSON.stringify(prefix)} is not offered; only oai_dc`,
    );
  }
  return prefix;
}
