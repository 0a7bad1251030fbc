/** A document's metadata, read-only, with the draft's confidence per field (low ones marked). */
import { useCodeLists } from '../api/code-lists.js';
import type { DocumentDetail } from '../api/types.js';
import { DataTable } from '../components/data-table.js';
import { ConfidenceBadge, NoValue, OrNone, StatusBadge } from '../components/feedback.js';
import { confidenceLevel } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { metadataRows } from '../metadata/rows.js';

export function MetadataTable({ doc }: { doc: DocumentDetail }) {
  const { t, lang, pick } = useI18n();
  const lists = useCodeLists();
  const rows = metadataRows(doc, lists, lang);

  return (
    <DataTable
      caption={t('document.metadataCaption')}
      showCaption
      className="metadata-table"
      columns={[t('document.col.field'), t('document.col.value'), t('document.col.confidence')]}
    >
      {rows.map((r) => {
        const low = r.draft !== null && confidenceLevel(r.draft.confidence) === 'low';
        return (
          <tr key={r.key} className={low ? 'row--low' : undefined}>
            <th scope="row">{pick(r.label)}</th>
            <td className="break">
              <OrNone value={r.value} />
            </td>
            <td className="nowrap">
              {r.draft === null ? (
                <span className="no-value">
                  <span aria-hidden="true">—</span>
                  <span className="visually-hidden">{t('document.noDraftValue')}</span>
                </span>
              ) : (
                <ConfidenceBadge value={r.draft.confidence} />
              )}
            </td>
          </tr>
        );
      })}
      <tr>
        <th scope="row">{t('document.field.seq')}</th>
        <td>{doc.seq}</td>
        <td />
      </tr>
      <tr>
        <th scope="row">{t('document.field.status')}</th>
        <td>
          <StatusBadge kind="document" status={doc.status} />
        </td>
        <td />
      </tr>
      <tr>
        <th scope="row">{t('document.field.pdfName')}</th>
        <td className="break">
          <OrNone value={doc.pdfName} />
        </td>
        <td />
      </tr>
      <tr>
        <th scope="row">{t('document.field.pdfSha256')}</th>
        <td className="break">
          {doc.pdfSha256 === null ? <NoValue /> : <code>{doc.pdfSha256}</code>}
        </td>
        <td />
      </tr>
    </DataTable>
  );
}
