/** The failed pages of one scan batch, each with the pipeline's Vietnamese message and hint. */
import { useEffect, useRef } from 'react';
import { getBatch } from '../api/endpoints.js';
import type { BatchSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { LoadingOrError, NoValue, OrNone } from '../components/feedback.js';
import { formatDateTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';

export function BatchFailures({ batch }: { batch: BatchSummary }) {
  const { t, pickText } = useI18n();
  const res = useApi(`batch:${batch.id}`, (signal) => getBatch(batch.id, { signal }));
  const failedCount = batch.pageCounts.failed;
  const seenCount = useRef(failedCount);
  const { reload } = res;
  useEffect(() => {
    // Another page failed since the list was loaded: load it again, keeping the old one on screen.
    if (seenCount.current === failedCount) return;
    seenCount.current = failedCount;
    reload();
  }, [failedCount, reload]);
  const headingId = `failed-${batch.id}`;
  const failed = res.data?.pages.filter((p) => p.status === 'failed') ?? [];

  return (
    <section className="batch-failures" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('batch.failedPages', { time: formatDateTime(batch.openedAt) })}{' '}
        <span className="badge badge--bad">
          {t('batch.failedCount', { count: batch.pageCounts.failed })}
        </span>
      </h3>
      {res.data === undefined ? (
        <LoadingOrError res={res} />
      ) : failed.length === 0 ? (
        <p>{t('batch.noFailedDetails')}</p>
      ) : (
        <DataTable
          columns={[
            t('batch.col.no'),
            t('batch.col.file'),
            t('batch.col.code'),
            t('batch.col.message'),
            t('batch.col.hint'),
          ]}
        >
          {failed.map((p, i) => (
            <tr key={p.id}>
              <th scope="row" className="num">
                {i + 1}
              </th>
              <td className="break">
                {p.originalName === undefined || p.originalName === null ? (
                  <code title={p.id}>{p.id.slice(0, 8)}</code>
                ) : p.frameIndex !== undefined && p.frameIndex !== null ? (
                  t('batch.frame', { name: p.originalName, frame: p.frameIndex + 1 })
                ) : (
                  p.originalName
                )}
              </td>
              <td>{p.errorCode === null ? <NoValue /> : <code>{p.errorCode}</code>}</td>
              <td>
                <OrNone value={p.errorMessage === null ? null : pickText(p.errorMessage)} />
              </td>
              <td>
                <OrNone value={p.errorHint === null ? null : pickText(p.errorHint)} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
