/**
 * The forms of the holdings screen: the target and report names, one fonds's holdings entered by
 * hand, and a new fonds.
 */
import { useState } from 'react';
import { ErrorPanel } from '../components/feedback.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Notice, useFormSubmit } from '../screens/admin-forms.js';
import { putHoldings, putSettings, type FondsHoldings, type ProgressSettings } from './api.js';

/** '' → null, else the number (the api refuses what is not one, with its own message). */
const numberOrNull = (s: string): number | null =>
  s.trim() === '' ? null : Number(s.replace(',', '.'));

export function SettingsForm({
  settings,
  onSaved,
}: {
  settings: ProgressSettings;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const form = useFormSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  const [v, setV] = useState({
    targetPercent: String(settings.targetPercent),
    deadline: settings.deadline ?? '',
    organization: settings.organization ?? '',
    parentOrganization: settings.parentOrganization ?? '',
    place: settings.place ?? '',
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });
  return (
    <section className="panel" aria-labelledby="target-heading">
      <h2 id="target-heading">{t('holdings.target.title')}</h2>
      <form
        className="form form--inline"
        data-testid="settings-form"
        onSubmit={form.submit(async () => {
          setNotice(null);
          await putSettings({
            targetPercent: Number(v.targetPercent.replace(',', '.')),
            deadline: v.deadline === '' ? null : v.deadline,
            organization: v.organization === '' ? null : v.organization,
            parentOrganization: v.parentOrganization === '' ? null : v.parentOrganization,
            place: v.place === '' ? null : v.place,
          });
          setNotice(t('holdings.saved'));
          onSaved();
        })}
      >
        <Field
          label={t('holdings.target.percent')}
          inputMode="decimal"
          value={v.targetPercent}
          onChange={set('targetPercent')}
          error={form.errors['targetPercent']}
          required
        />
        <Field
          label={t('holdings.target.deadline')}
          type="date"
          value={v.deadline}
          onChange={set('deadline')}
          optional
        />
        <Field
          label={t('holdings.target.organization')}
          value={v.organization}
          onChange={set('organization')}
          optional
          help={t('holdings.target.organizationHelp')}
        />
        <Field
          label={t('holdings.target.parent')}
          value={v.parentOrganization}
          onChange={set('parentOrganization')}
          optional
        />
        <Field
          label={t('holdings.target.place')}
          value={v.place}
          onChange={set('place')}
          optional
        />
        <div className="form__actions">
          <button type="submit" className="button--primary" disabled={form.busy}>
            {form.busy ? t('common.saving') : t('holdings.save')}
          </button>
        </div>
      </form>
      <Notice text={notice} />
      {form.error !== null && <ErrorPanel error={form.error} />}
    </section>
  );
}

/** The figures a manager enters for one fonds, in a row of its own under the fonds. */
export function HoldingsEdit({
  item,
  onSaved,
  onCancel,
}: {
  item: FondsHoldings;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useFormSubmit();
  const m = item.manual;
  const [v, setV] = useState({
    name: item.fonds.name,
    dossiers: m.dossiers?.toString() ?? '',
    pages: m.pages?.toString() ?? '',
    sheets: m.sheets?.toString() ?? '',
    shelfMetres: m.shelfMetres?.toString() ?? '',
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });
  return (
    <form
      className="form form--inline"
      data-testid={`holdings-edit-${item.fonds.code}`}
      onSubmit={form.submit(async () => {
        await putHoldings(item.fonds.code, {
          name: v.name,
          dossiers: numberOrNull(v.dossiers),
          pages: numberOrNull(v.pages),
          sheets: numberOrNull(v.sheets),
          shelfMetres: numberOrNull(v.shelfMetres),
        });
        onSaved();
      })}
    >
      <Field label={t('holdings.fonds.name')} value={v.name} onChange={set('name')} required />
      <Field
        label={t('holdings.fonds.pages')}
        inputMode="numeric"
        value={v.pages}
        onChange={set('pages')}
        error={form.errors['pages']}
        optional
      />
      <Field
        label={t('holdings.fonds.sheets')}
        inputMode="numeric"
        value={v.sheets}
        onChange={set('sheets')}
        error={form.errors['sheets']}
        optional
      />
      <Field
        label={t('holdings.fonds.dossiers')}
        inputMode="numeric"
        value={v.dossiers}
        onChange={set('dossiers')}
        error={form.errors['dossiers']}
        optional
      />
      <Field
        label={t('holdings.fonds.shelf')}
        inputMode="decimal"
        value={v.shelfMetres}
        onChange={set('shelfMetres')}
        optional
      />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={form.busy}>
          {t('holdings.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {form.error !== null && <ErrorPanel error={form.error} />}
    </form>
  );
}

export function NewFonds({ onSaved }: { onSaved: (code: string) => void }) {
  const { t } = useI18n();
  const form = useFormSubmit();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  return (
    <form
      className="form form--inline"
      data-testid="new-fonds"
      onSubmit={form.submit(async () => {
        await putHoldings(code.trim(), { name });
        setCode('');
        setName('');
        onSaved(code.trim());
      })}
    >
      <h3>{t('holdings.newFonds')}</h3>
      <Field
        label={t('holdings.fonds.code')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        required
        maxLength={13}
        help={t('holdings.fonds.codeHelp')}
      />
      <Field
        label={t('holdings.fonds.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
      />
      <div className="form__actions">
        <button type="submit" disabled={form.busy}>
          {t('holdings.create')}
        </button>
      </div>
      {form.error !== null && <ErrorPanel error={form.error} />}
    </form>
  );
}
