/**
 * IIIF Presentation API 3.0 manifest of a catalogue record version: one canvas per page painted
 * with the page image from the record's IIIF Image API 3 service, the TT 05 fields as metadata
 * pairs (Vietnamese and English labels), the signed PDF as a rendering, the reader's page as the
 * homepage. Any IIIF viewer (Mirador, Universal Viewer, OpenSeadragon) can open it.
 */
import { findCode } from '../../../core/domain/code-lists.js';
import type { RecordDetail } from '../../contracts/catalogue.js';

type Lang = Record<string, string[]>;
interface Pair {
  label: Lang;
  value: Lang;
}

/** A IIIF Presentation 3 manifest (the parts sohoa writes). */
export interface Manifest {
  '@context': 'http://iiif.io/api/presentation/3/context.json';
  id: string;
  type: 'Manifest';
  label: Lang;
  summary?: Lang;
  metadata: Pair[];
  requiredStatement: Pair;
  homepage: { id: string; type: 'Text'; label: Lang; format: 'text/html' }[];
  rendering: { id: string; type: 'Text'; label: Lang; format: 'application/pdf' }[];
  items: unknown[];
}

const bi = (vi: string, en: string): Lang => ({ vi: [vi], en: [en] });
const none = (v: string): Lang => ({ none: [v] });

/**
 * The manifest of `r`. `sizeOf(n)` gives page n's pixel size (read from its image service);
 * `archiveName` is the holding archive, shown as the required statement.
 */
export async function buildManifest(
  r: RecordDetail,
  o: {
    readonly origin: string;
    readonly archiveName: string;
    sizeOf(n: number): Promise<{ width: number; height: number }>;
  },
): Promise<Manifest> {
  const id = r.manifest;
  const pairs: [string, string, string | null][] = [
    ['Tên loại', 'Document type', r.typeName],
    [
      'Số, ký hiệu',
      'Number and symbol',
      [r.codeNumber, r.codeNotation].filter(Boolean).join('/') || null,
    ],
    ['Ngày tháng năm', 'Date', r.issuedDate],
    ['Cơ quan ban hành', 'Issued by', r.organName],
    ['Trích yếu nội dung', 'Summary', r.subject],
    ['Mã lưu trữ', 'Archival code', r.docCode],
    ['Hồ sơ', 'File', [r.fileCode, r.dossierTitle].filter(Boolean).join(' — ') || null],
    ['Phông', 'Fonds', [r.fondsCode, r.fondsName].filter(Boolean).join(' — ') || null],
    ['Số trang', 'Pages', r.pageCount === null ? null : String(r.pageCount)],
    ['Mức độ tiếp cận', 'Access', findCode('accessMode', r.accessMode)?.vi ?? r.accessMode],
    ['Phiên bản', 'Version', String(r.version)],
  ];
  const items = [];
  for (const p of r.pages) {
    const { width, height } = await o.sizeOf(p.n);
    const canvas = `${id.replace(/\?.*$/, '')}/canvas/${r.version}/p${p.n}`;
    items.push({
      id: canvas,
      type: 'Canvas',
      label: bi(`Trang ${p.n}`, `Page ${p.n}`),
      width,
      height,
      items: [
        {
          id: `${canvas}/page`,
          type: 'AnnotationPage',
          items: [
            {
              id: `${canvas}/page/image`,
              type: 'Annotation',
              motivation: 'painting',
              body: {
                id: `${p.service}/full/max/0/default.jpg`,
                type: 'Image',
                format: 'image/jpeg',
                width,
                height,
                service: [{ id: p.service, type: 'ImageService3', profile: 'level2' }],
              },
              target: canvas,
            },
          ],
        },
      ],
    });
  }
  return {
    '@context': 'http://iiif.io/api/presentation/3/context.json',
    id,
    type: 'Manifest',
    label: { vi: [r.title] },
    ...(r.subject === null ? {} : { summary: { vi: [r.subject] } }),
    metadata: pairs
      .filter((p): p is [string, string, string] => p[2] !== null && p[2] !== '')
      .map(([vi, en, v]) => ({ label: bi(vi, en), value: none(v) })),
    requiredStatement: { label: bi('Nơi lưu trữ', 'Held by'), value: none(o.archiveName) },
    homepage: [
      {
        id: `${o.origin}/tai-lieu/${r.documentId}`,
        type: 'Text',
        label: bi('Trang tài liệu', 'Record page'),
        format: 'text/html',
      },
    ],
    rendering: [
      {
        id: `${o.origin}/api/catalogue/records/${r.documentId}/pdf?version=${r.version}`,
        type: 'Text',
        label: bi('Bản PDF/A có chữ ký số', 'Signed PDF/A'),
        format: 'application/pdf',
      },
    ],
    items,
  };
}
