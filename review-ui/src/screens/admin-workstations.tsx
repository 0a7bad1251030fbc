/**
 * Máy trạm quét (admins only): the scanning workstations and their access tokens. A token is
 * shown once, right after it is issued (creation or "new token"), with a copy button; the api
 * keeps only its hash, so it can never be shown again.
 */
import { useEffect, useRef, useState } from 'react';
import {
  createWorkstation,
  listWorkstations,
  rotateWorkstationToken,
  updateWorkstation,
} from '../api/endpoints.js';
import type { Workstation, WorkstationToken } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorPanel, LoadingOrError, OrNone, useDocumentTitle } from '../components/feedback.js';
import { Field } from '../components/field.js';
import { formatDateTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { ActiveBadge, Notice, useFormSubmit, useRowActions } from './admin-forms.js';

/** The token just issued, its warning, and a copy button; gone once closed. */
function TokenPanel({ issued, onClose }: { issued: WorkstationToken; onClose: () => void }) {
  const { t } = useI18n();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const heading = useRef<HTMLHeadingElement>(null);
  const tokenRef = useRef<HTMLElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [issued.token]);

  const copyToken = async () => {
    try {
      await navigator.clipboard.writeText(issued.token);
      setCopy('copied');
    } catch {
      // No clipboard (plain http on another host, or permission refused): select the text so
      // that Ctrl+C works.
      const el = tokenRef.current;
      if (el !== null) window.getSelection()?.selectAllChildren(el);
      setCopy('failed');
    }
  };

  return (
    <section
      className="token-panel"
      aria-labelledby="token-heading"
      data-testid="workstation-token"
    >
      <h2 id="token-heading" ref={heading} tabIndex={-1}>
        {t('workstations.tokenTitle', { name: issued.workstation.name })}
      </h2>
      <p className="token-panel__warning" role="alert">
        <strong aria-hidden="true">⚠ </strong>
        {t('workstations.tokenWarning')}
      </p>
      <p className="token-panel__token">
        <span className="visually-hidden">{t('workstations.tokenLabel')}: </span>
        <code ref={tokenRef} data-testid="workstation-token-value">
          {issued.token}
        </code>
      </p>
      <div className="form__actions">
        <button type="button" className="button--primary" onClick={() => void copyToken()}>
          {t('workstations.copy')}
        </button>
        <button type="button" onClick={onClose}>
          {t('workstations.tokenDone')}
        </button>
        <span role="status">
          {copy === 'copied'
            ? t('workstations.copied')
            : copy === 'failed'
              ? t('workstations.copyFailed')
              : ''}
        </span>
      </div>
    </section>
  );
}

function CreateWorkstationForm({ onCreated }: { onCreated: (w: WorkstationToken) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const { busy, errors, error, submit } = useFormSubmit();

  return (
    <section aria-labelledby="create-ws-heading" className="panel">
      <h2 id="create-ws-heading">{t('workstations.create')}</h2>
      <form
        className="form form--inline"
        data-testid="create-workstation"
        noValidate
        onSubmit={submit(async () => {
          const loc = location.trim();
          const issued = await createWorkstation({
            name: name.trim(),
            ...(loc === '' ? {} : { location: loc }),
          });
          setName('');
          setLocation('');
          onCreated(issued);
        })}
      >
        <Field
          label={t('workstations.col.name')}
          name="name"
          autoComplete="off"
          required
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label={t('workstations.col.location')}
          name="location"
          autoComplete="off"
          optional
          value={location}
          error={errors.location}
          onChange={(e) => setLocation(e.target.value)}
        />
        <div className="form__actions">
          <button type="submit" className="button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('workstations.createSubmit')}
          </button>
        </div>
      </form>
      {error !== null && <ErrorPanel error={error} />}
    </section>
  );
}

export function AdminWorkstationsScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('workstations.title'));
  const res = useApi('admin:workstations', (signal) => listWorkstations({ signal }));
  const [issued, setIssued] = useState<WorkstationToken | null>(null);
  const [confirmRotate, setConfirmRotate] = useState<string | null>(null);
  const { busyId, notice, setNotice, error: actionError, run } = useRowActions(res.reload);

  const rotate = (w: Workstation) =>
    run(w.id, async () => {
      setConfirmRotate(null);
      setIssued(await rotateWorkstationToken(w.id));
    });

  const toggle = (w: Workstation) =>
    run(w.id, async () => {
      const x = await updateWorkstation(w.id, { active: !w.active });
      setNotice(
        t(x.active ? 'workstations.activated' : 'workstations.deactivated', { name: x.name }),
      );
    });

  const items = res.data?.items ?? [];

  return (
    <>
      <h1>{t('workstations.title')}</h1>
      {issued !== null && <TokenPanel issued={issued} onClose={() => setIssued(null)} />}
      <Notice text={notice} />
      {actionError !== null && <ErrorPanel error={actionError} />}
      {res.data === undefined ? (
        <LoadingOrError res={res} />
      ) : items.length === 0 ? (
        <p className="empty-state">{t('workstations.empty')}</p>
      ) : (
        <DataTable
          caption={t('workstations.caption')}
          testId="workstations-table"
          columns={[
            t('workstations.col.name'),
            t('workstations.col.location'),
            t('workstations.col.status'),
            t('workstations.col.lastSeen'),
            t('workstations.col.created'),
            t('common.actions'),
          ]}
        >
          {items.map((w) => {
            const busy = busyId === w.id;
            return (
              <tr
                key={w.id}
                data-testid="workstation-row"
                data-name={w.name}
                className={w.active ? undefined : 'row--inactive'}
              >
                <th scope="row">{w.name}</th>
                <td>
                  <OrNone value={w.location} />
                </td>
                <td>
                  <ActiveBadge
                    active={w.active}
                    labels={['workstations.active', 'workstations.inactive']}
                  />
                </td>
                <td className="nowrap">
                  {w.lastSeenAt === null
                    ? t('workstations.neverSeen')
                    : formatDateTime(w.lastSeenAt)}
                </td>
                <td className="nowrap">{formatDateTime(w.createdAt)}</td>
                <td className="actions">
                  {confirmRotate === w.id ? (
                    <span className="confirm" role="group" aria-label={t('workstations.rotate')}>
                      <span>{t('workstations.rotateConfirm', { name: w.name })}</span>
                      <button
                        type="button"
                        className="button--danger"
                        disabled={busy}
                        onClick={() => void rotate(w)}
                      >
                        {t('common.confirm')}
                      </button>
                      <button type="button" onClick={() => setConfirmRotate(null)}>
                        {t('common.cancel')}
                      </button>
                    </span>
                  ) : (
                    <>
                      <button
                        type="button"
                        disabled={busy || !w.active}
                        onClick={() => setConfirmRotate(w.id)}
                      >
                        {t('workstations.rotate')}
                      </button>
                      <button type="button" disabled={busy} onClick={() => void toggle(w)}>
                        {t(w.active ? 'workstations.deactivate' : 'workstations.activate')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <CreateWorkstationForm
        onCreated={(w) => {
          setIssued(w);
          res.reload();
        }}
      />
    </>
  );
}
