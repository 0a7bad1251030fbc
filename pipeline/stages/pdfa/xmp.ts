/**
 * The XMP metadata packet of a sohoa PDF/A-2u file.
 *
 * Besides PDF/A identification and the Dublin Core / XMP basic / PDF / media-management properties,
 * the packet carries the record's Thông tư 05/2025/TT-BNV fields in the **sohoa record schema**:
 *
 * - namespace URI `urn:sohoa:ns:record:1.0/`, preferred prefix `sohoa`;
 * - one property per record field, named as the TT 05 XML element (`arcFileCode`, `typeName`,
 *   `issuedDate` …), value as stored in the record: strings as Text, whole numbers as Integer,
 *   other numbers as Real, booleans as Boolean, string lists as `seq Text`; null fields are omitted;
 * - described inside the file with a PDF/A extension schema (ISO 19005-2 §6.6.2.3), as PDF/A
 *   requires of every property outside the predefined schemas.
 *
 * and, while the record is a draft, what the pipeline read in the **sohoa draft schema**
 * (`urn:sohoa:ns:draft:1.0/`, prefix `sohoaDraft`): per drafted field (`organ`, `number`,
 * `signerName` …) the value read (Text, omitted when none was found) and `<field>Confidence`
 * (Real, 0–1), so that a file taken out of sohoa still says which values a person has not checked.
 *
 * The writer is by hand because no installed package writes XMP, and the packet is small and fixed
 * in shape.
 */
import { StageError } from '../../../core/errors.js';

/** Namespace of the sohoa record schema. A URN: it names the schema, it is not a web address. */
export const SOHOA_NS = 'urn:sohoa:ns:record:1.0/';
export const SOHOA_PREFIX = 'sohoa';
/** Namespace of the draft schema: the pipeline's readings and their confidences. */
export const SOHOA_DRAFT_NS = 'urn:sohoa:ns:draft:1.0/';
export const SOHOA_DRAFT_PREFIX = 'sohoaDraft';

/** One drafted field as written to XMP. */
export interface XmpDraftField {
  readonly value: string | null;
  /** 0–1 */
  readonly confidence: number;
}

export type RecordValue = string | number | boolean | null | readonly string[];

export interface XmpInput {
  readonly title: string;
  readonly creator: string;
  readonly description?: string;
  readonly keywords: readonly string[];
  readonly language: string;
  /** ISO 8601 to the second, e.g. 2024-05-18T10:00:00Z */
  readonly date: string;
  readonly creatorTool: string;
  readonly producer: string;
  readonly documentId: string;
  readonly instanceId: string;
  readonly record: Readonly<Record<string, RecordValue>>;
  /** The pipeline's draft by field name; absent once a person has approved the record */
  readonly draft?: Readonly<Record<string, XmpDraftField>>;
}

/** What each TT 05 element means, for the extension schema's property descriptions. */
const FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  arcFileCode: 'Mã hồ sơ lưu trữ / Archival file code',
  fileCode: 'Mã hồ sơ / File code',
  docId: 'Mã định danh tài liệu / Document identifier',
  docCode: 'Mã lưu trữ của tài liệu / Archival code of the document',
  docOrdinal: 'Số thứ tự tài liệu trong hồ sơ / Position of the document in the file',
  maintenance: 'Thời hạn lưu trữ (mã 01–07) / Retention period (code 01–07)',
  typeName: 'Tên loại tài liệu (mã 01–32) / Document type (code 01–32)',
  codeNumber: 'Số của tài liệu / Document number',
  codeNotation: 'Ký hiệu của tài liệu / Document symbol',
  issuedDate: 'Ngày tháng năm tài liệu / Date of the document',
  organName: 'Cơ quan, tổ chức ban hành / Issuing organ',
  subject: 'Trích yếu nội dung / Summary',
  language: 'Ngôn ngữ (mã 01–11) / Language (code 01–11)',
  numberOfPage: 'Số lượng trang / Page count',
  numberOfPaper: 'Số lượng tờ / Sheet count',
  inforSign: 'Ký hiệu thông tin / Information symbol',
  keyword: 'Từ khóa / Keywords',
  mode: 'Chế độ sử dụng (mã 01–03) / Access (code 01–03)',
  confidenceLevel: 'Mức độ tin cậy (mã 01–03) / Reliability (code 01–03)',
  autograph: 'Bút tích / Annotations in hand',
  format: 'Tình trạng vật lý / Physical condition',
  riskRecovery: 'Chế độ dự phòng / Backup regime',
  riskRecoveryStatus: 'Tình trạng dự phòng / Backup status',
  process: 'Quy trình xử lý / Processing workflow attached',
  description: 'Ghi chú / Notes',
  paperFileCode: 'Mã hồ sơ gốc giấy / Code of the paper original',
  title: 'Tiêu đề / Title',
  status: 'Trạng thái bản ghi trong sohoa / Status of the record in sohoa',
};

/** The packet as UTF-8 bytes. Throws `pdfa.record_field_invalid` for an unusable field. */
export function buildXmp(x: XmpInput): Buffer {
  const fields = Object.entries(x.record)
    .filter((e): e is [string, Exclude<RecordValue, null>] => e[1] !== null)
    .map(([key, value]) => ({ key: checkKey(key), value, type: valueType(key, value) }));
  const draft = draftProperties(x.draft ?? {});
  const schemas: ExtensionSchema[] = [];
  if (fields.length > 0) {
    schemas.push({
      name: 'sohoa: hồ sơ, tài liệu theo Thông tư 05/2025/TT-BNV / records after Circular 05/2025/TT-BNV',
      ns: SOHOA_NS,
      prefix: SOHOA_PREFIX,
      properties: fields.map((f) => ({
        key: f.key,
        type: f.type,
        description:
          FIELD_DESCRIPTIONS[f.key] ?? `Trường ${f.key} của bản ghi / Record field ${f.key}`,
      })),
    });
  }
  if (draft.length > 0) {
    schemas.push({
      name: 'sohoa: bản nháp siêu dữ liệu do máy đọc / metadata drafted by the pipeline',
      ns: SOHOA_DRAFT_NS,
      prefix: SOHOA_DRAFT_PREFIX,
      properties: draft.map((d) => ({ key: d.key, type: d.type, description: d.description })),
    });
  }
  const li = (v: string): string => `<rdf:li>${esc(v)}</rdf:li>`;
  const alt = (v: string): string =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt>`;

  const parts = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '<pdfaid:part>2</pdfaid:part>',
    '<pdfaid:conformance>U</pdfaid:conformance>',
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(x.title)}</dc:title>`,
    `<dc:creator><rdf:Seq>${li(x.creator)}</rdf:Seq></dc:creator>`,
    ...(x.description !== undefined
      ? [`<dc:description>${alt(x.description)}</dc:description>`]
      : []),
    `<dc:language><rdf:Bag>${li(x.language)}</rdf:Bag></dc:language>`,
    ...(x.keywords.length > 0
      ? [`<dc:subject><rdf:Bag>${x.keywords.map(li).join('')}</rdf:Bag></dc:subject>`]
      : []),
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${x.date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${x.date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${x.date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${esc(x.creatorTool)}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${esc(x.producer)}</pdf:Producer>`,
    ...(x.keywords.length > 0
      ? [`<pdf:Keywords>${esc(keywordsText(x.keywords))}</pdf:Keywords>`]
      : []),
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
    `<xmpMM:DocumentID>uuid:${esc(x.documentId)}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>uuid:${esc(x.instanceId)}</xmpMM:InstanceID>`,
    '</rdf:Description>',
    ...(schemas.length > 0 ? extensionSchemas(schemas) : []),
    ...(fields.length > 0
      ? [
          `<rdf:Description rdf:about="" xmlns:${SOHOA_PREFIX}="${SOHOA_NS}">`,
          ...fields.map(
            (f) => `<${SOHOA_PREFIX}:${f.key}>${xmpValue(f.value)}</${SOHOA_PREFIX}:${f.key}>`,
          ),
          '</rdf:Description>',
        ]
      : []),
    ...(draft.length > 0
      ? [
          `<rdf:Description rdf:about="" xmlns:${SOHOA_DRAFT_PREFIX}="${SOHOA_DRAFT_NS}">`,
          ...draft.map(
            (d) =>
              `<${SOHOA_DRAFT_PREFIX}:${d.key}>${xmpValue(d.value)}</${SOHOA_DRAFT_PREFIX}:${d.key}>`,
          ),
          '</rdf:Description>',
        ]
      : []),
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ];
  return Buffer.from(parts.join('\n'), 'utf8');
}

/** The Info dictionary's /Keywords and XMP pdf:Keywords (they must be equal). */
export const keywordsText = (keywords: readonly string[]): string => keywords.join('; ');

interface ExtensionSchema {
  readonly name: string;
  readonly ns: string;
  readonly prefix: string;
  readonly properties: readonly { key: string; type: string; description: string }[];
}

function extensionSchemas(schemas: readonly ExtensionSchema[]): string[] {
  return [
    '<rdf:Description rdf:about=""',
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    '<pdfaExtension:schemas><rdf:Bag>',
    ...schemas.flatMap((s) => [
      '<rdf:li rdf:parseType="Resource">',
      `<pdfaSchema:schema>${esc(s.name)}</pdfaSchema:schema>`,
      `<pdfaSchema:namespaceURI>${s.ns}</pdfaSchema:namespaceURI>`,
      `<pdfaSchema:prefix>${s.prefix}</pdfaSchema:prefix>`,
      '<pdfaSchema:property><rdf:Seq>',
      ...s.properties.map(
        (p) =>
          '<rdf:li rdf:parseType="Resource">' +
          `<pdfaProperty:name>${p.key}</pdfaProperty:name>` +
          `<pdfaProperty:valueType>${p.type}</pdfaProperty:valueType>` +
          '<pdfaProperty:category>external</pdfaProperty:category>' +
          `<pdfaProperty:description>${esc(p.description)}</pdfaProperty:description>` +
          '</rdf:li>',
      ),
      '</rdf:Seq></pdfaSchema:property>',
      '</rdf:li>',
    ]),
    '</rdf:Bag></pdfaExtension:schemas>',
    '</rdf:Description>',
  ];
}

/** The draft's fields as XMP properties: the value when one was read, and its confidence. */
function draftProperties(
  draft: Readonly<Record<string, XmpDraftField>>,
): { key: string; type: string; description: string; value: string | number }[] {
  const out: { key: string; type: string; description: string; value: string | number }[] = [];
  for (const [name, f] of Object.entries(draft)) {
    const key = checkKey(name);
    if (f.value !== null) {
      out.push({
        key,
        type: 'Text',
        description: `Giá trị máy đọc cho trường ${key} / Value the pipeline read for ${key}`,
        value: f.value,
      });
    }
    if (!Number.isFinite(f.confidence))
      throw invalidField(`${key}Confidence`, String(f.confidence));
    out.push({
      key: `${key}Confidence`,
      type: 'Real',
      description: `Độ tin cậy (0–1) của giá trị ${key} / Confidence (0–1) of ${key}`,
      // written with a decimal point always, so that 1 and 0 read as Real too
      value: Math.min(1, Math.max(0, f.confidence)).toFixed(3),
    });
  }
  return out;
}

function valueType(key: string, v: Exclude<RecordValue, null>): string {
  if (typeof v === 'string') return 'Text';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalidField(key, String(v));
    return Number.isInteger(v) ? 'Integer' : 'Real';
  }
  return 'seq Text';
}

function xmpValue(v: Exclude<RecordValue, null>): string {
  if (typeof v === 'string') return esc(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return `<rdf:Seq>${v.map((s) => `<rdf:li>${esc(s)}</rdf:li>`).join('')}</rdf:Seq>`;
}

/** Record keys become XML element names: letters, digits, '_', '-', '.', not starting with "xml". */
function checkKey(key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) && !/^xml/i.test(key)) return key;
  throw invalidField(key, key);
}

function invalidField(key: string, value: string): StageError {
  return new StageError('pdfa.record_field_invalid', {
    message: `Trường "${key}" của bản ghi không ghi được vào XMP (giá trị ${value}) / Record field "${key}" cannot be written to XMP (value ${value})`,
    retryable: false,
  });
}

/** Text as written to XMP and to the Info dictionary: NFC, without characters XML 1.0 forbids. */
export function cleanText(s: string): string {
  return (
    s
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
  );
}

/** `cleanText` with markup escaped, for XML content. */
export function esc(s: string): string {
  return cleanText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
