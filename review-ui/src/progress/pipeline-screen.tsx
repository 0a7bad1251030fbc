/**
 * Tình trạng xử lý (managers and admins): queue depths, pages waiting and failed, what is stuck,
 * and the failed pages with the pipeline's code, message and hint, each with a retry button.
 */
import { useState } from 'react';
import { mergePages } from '../api/paging.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorPanel, LoadingOrError, OrNone, useDocumentTitle } from '../components/feedback.js';
import { ListFooter, RefreshNote, useMorePages } from '../components/paged-list.js';
import { formatDateTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { pathTo } from '../router/routes.js';
import { Notice, useRowActions } from '../screens/admin-forms.js';
import { getFailedPages, getPipeline, retryPage, type PipelineHealth } from './api.js';
import { CsvLink } from './controls.js';
import { formatNumber } from './numbers.js';

const REFRESH_MS = 15_000;
const PAGE_SIZE = 50;

function Health({ h }: { h: PipelineHealth }) {
  const { t, lang } = useI18n();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <>
      <section aria-labelledby="queues-heading">
        <h2 id="queues-heading">{t('pipeline.queues')}</h2>
        {h.queuesError !== null && <p className="error-panel">{h.queuesError}</p>}
        <DataTable
          caption={t('pipeline.queues')}
          testId="queue-table"
          columns={[
            t('pipeline.col.queue'),
            { label: t('pipeline.col.waiting'), className: 'num' },
            { label: t('pipeline.col.active'), className: 'num' },
            { label: t('pipeline.col.delayed'), className: 'num' },
            { label: t('pipeline.col.failed'), className: 'num' },
          ]}
        >
          {h.queues.map((q) => (
            <tr key={q.queue}>
              <th scope="row">
                <code>{q.queue}</code>
              </th>
              <td className="num">{n(q.waiting)}</td>
              <td className="num">{n(q.active)}</td>
              <td className="num">{n(q.delayed)}</td>
              <td className={q.failed > 0 ? 'num num--bad' : 'num'}>{n(q.failed)}</td>
            </tr>
          ))}
        </DataTable>
        <p data-testid="page-states">
          {t('pipeline.pages', {
            queued: n(h.pages.queued),
            processing: n(h.pages.processing),
            failed: n(h.pages.failed),
          })}
        </p>
      </section>
      <section aria-labelledby="stuck-heading">
        <h2 id="stuck-heading">{t('pipeline.stuck', { minutes: h.stuckMinutes })}</h2>
        {h.stuck.length === 0 ? (
          <p className="muted">{t('pipeline.noStuck')}</p>
        ) : (
          <DataTable
            caption={t('pipeline.stuck', { minutes: h.stuckMinutes })}
            testId="stuck-table"
            columns={[
              t('pipeline.col.kind'),
              t('pipeline.col.what'),
              t('pipeline.col.since'),
              { label: t('pipeline.col.minutes'), className: 'num' },
            ]}
          >
            {h.stuck.map((s) => (
              <tr key={`${s.kind}:${s.id}`}>
                <th scope="row">{t(`pipeline.kind.${s.kind}`)}</th>
                <td>
                  {s.dossierCode !== null ? (
                    <Link to={pathTo('dossier', { code: s.dossierCode })}>{s.dossierCode}</Link>
                  ) : (
                    <code>{`${s.queue ?? ''} ${s.id}`}</code>
                  )}
                </td>
                <td className="nowrap">{formatDateTime(s.since)}</td>
                <td className="num">{n(s.minutes)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}

function FailedPages({ codes }: { codes: PipelineHealth['failedByCode'] }) {
  const { t, pickText, lang } = useI18n();
  const [code, setCode] = useState('');
  const key = `failed:${code}`;
  const first = useApi(
    key,
    (signal) => getFailedPages({ limit: PAGE_SIZE, code: code === '' ? null : code }, { signal }),
    { pollMs: () => REFRESH_MS },
  );
  const more = useMorePages(key, (cursor) =>
    getFailedPages({ limit: PAGE_SIZE, cursor, code: code === '' ? null : code }),
  );
  const actions = useRowActions(first.reload);
  return (
    <section aria-labelledby="failed-heading">
      <div className="title-row title-row--start">
        <h2 id="failed-heading">{t('pipeline.failed')}</h2>
        <CsvLink table="failed-pages" />
      </div>
      <div className="form form--inline">
        <div className="form__field">
          <label htmlFor="failed-code">{t('pipeline.filterCode')}</label>
          <select id="failed-code" value={code} onChange={(e) => setCode(e.target.value)}>
            <option value="">{t('pipeline.allCodes')}</option>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {`${c.code} (${formatNumber(c.pages, lang)})`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Notice text={actions.notice} />
      {actions.error !== null && <ErrorPanel error={actions.error} />}
      {first.data === undefined ? (
        <LoadingOrError res={first} />
      ) : (
        (() => {
          const list = mergePages(first.data, more.extra);
          return list.items.length === 0 ? (
            <p className="empty-state">{t('pipeline.noFailed')}</p>
          ) : (
            <>
              <DataTable
                caption={t('pipeline.failed')}
                testId="failed-table"
                columns={[
                  t('pipeline.col.dossier'),
                  t('pipeline.col.file'),
                  t('pipeline.col.operator'),
                  t('pipeline.col.code'),
                  t('pipeline.col.message'),
                  t('pipeline.col.hint'),
                  t('common.actions'),
                ]}
              >
                {list.items.map((p) => (
                  <tr key={p.id} data-testid="failed-row" data-page={p.id}>
                    <th scope="row" className="nowrap">
                      <Link to={pathTo('dossier', { code: p.dossierCode })}>{p.dossierCode}</Link>
                    </th>
                    <td className="break">
                      {p.fileName === null ? (
                        <code>{p.id.slice(0, 8)}</code>
                      ) : (
                        t('batch.frame', { name: p.fileName, frame: p.frameIndex + 1 })
                      )}
                    </td>
                    <td>{p.operator ?? t('progress.unknown')}</td>
                    <td>
                      <OrNone value={p.errorCode} />
                    </td>
                    <td>
                      <OrNone value={p.errorMessage === null ? null : pickText(p.errorMessage)} />
                    </td>
                    <td>
                      <OrNone value={p.errorHint === null ? null : pickText(p.errorHint)} />
                    </td>
                    <td>
                      <button
                        type="button"
                        disabled={actions.busyId !== null}
                        onClick={() =>
                          void actions.run(p.id, async () => {
                            await retryPage(p.id);
                            actions.setNotice(t('pipeline.retried', { code: p.dossierCode }));
                          })
                        }
                      >
                        {t('pipeline.retry')}
                      </button>
                    </td>
                  </tr>
                ))}
              </DataTable>
              <ListFooter
                shown={t('pipeline.shown', { count: list.items.length })}
                nextCursor={list.nextCursor}
                more={more}
              />
            </>
          );
        })()
      )}
    </section>
  );
}

export function PipelineScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('pipeline.title'));
  const health = useApi('pipeline', (signal) => getPipeline({ signal }), {
    pollMs: () => REFRESH_MS,
  });
  return (
    <>
      <h1>{t('pipeline.title')}</h1>
      {health.data === undefined ? (
        <LoadingOrError res={health} />
      ) : (
        <>
          <RefreshNote seconds={REFRESH_MS / 1000} refreshedAt={health.refreshedAt} />
          <Health h={health.data} />
          <FailedPages codes={health.data.failedByCode} />
        </>
      )}
    </>
  );
}
