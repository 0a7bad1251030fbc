/**
 * Người dùng (admins only): every account with its role and state; create an account, change a
 * role, deactivate or activate, and set a new password.
 */
import { useState } from 'react';
import { createUser, listUsers, updateUser, type UserChange } from '../api/endpoints.js';
import type { AdminUser, Role } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorPanel, LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { Field } from '../components/field.js';
import { formatDateTime } from '../format/format.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { ROLES } from '../session/roles.js';
import { useCurrentUser } from '../session/session-provider.js';
import {
  ActiveBadge,
  MIN_PASSWORD_LENGTH,
  Notice,
  useFormSubmit,
  useRowActions,
} from './admin-forms.js';

function RoleOptions() {
  const { t } = useI18n();
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </>
  );
}

const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);

function CreateUserForm({ onCreated }: { onCreated: (u: AdminUser) => void }) {
  const { t } = useI18n();
  const empty = { username: '', displayName: '', role: 'reviewer' as Role, password: '' };
  const [form, setForm] = useState(empty);
  const { busy, errors, error, submit } = useFormSubmit();

  return (
    <section aria-labelledby="create-user-heading" className="panel">
      <h2 id="create-user-heading">{t('users.create')}</h2>
      <form
        className="form form--inline"
        data-testid="create-user"
        noValidate
        onSubmit={submit(async () => {
          const u = await createUser({ ...form, username: form.username.trim() });
          setForm(empty);
          onCreated(u);
        })}
      >
        <Field
          label={t('users.col.username')}
          name="username"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={form.username}
          error={errors.username}
          onChange={(e) => setForm({ ...form, username: e.target.value })}
        />
        <Field
          label={t('users.col.displayName')}
          name="displayName"
          autoComplete="off"
          required
          value={form.displayName}
          error={errors.displayName}
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
        />
        <div className="form__field">
          <label htmlFor="create-user-role">{t('users.col.role')}</label>
          <select
            id="create-user-role"
            name="role"
            value={form.role}
            onChange={(e) => {
              if (isRole(e.target.value)) setForm({ ...form, role: e.target.value });
            }}
          >
            <RoleOptions />
          </select>
        </div>
        <Field
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          value={form.password}
          error={errors.password}
          help={t('users.passwordRule', { min: MIN_PASSWORD_LENGTH })}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
        <div className="form__actions">
          <button type="submit" className="button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('users.createSubmit')}
          </button>
        </div>
      </form>
      {error !== null && <ErrorPanel error={error} />}
    </section>
  );
}

function ResetPasswordRow({
  user,
  onDone,
  onCancel,
}: {
  user: AdminUser;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const { busy, errors, error, submit } = useFormSubmit();
  const headingId = `reset-${user.id}`;

  return (
    <tr className="row--form">
      <td colSpan={7}>
        <form
          className="form form--inline"
          aria-labelledby={headingId}
          data-testid="reset-password"
          noValidate
          onSubmit={submit(async () => {
            await updateUser(user.id, { password });
            onDone();
          })}
        >
          <h3 id={headingId}>{t('users.resetTitle', { username: user.username })}</h3>
          <Field
            label={t('users.newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            autoFocus
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            error={errors.password}
            help={t('users.passwordRule', { min: MIN_PASSWORD_LENGTH })}
            onChange={(e) => setPassword(e.target.value)}
          />
          <div className="form__actions">
            <button type="submit" className="button--primary" disabled={busy}>
              {busy ? t('common.saving') : t('users.savePassword')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
        {error !== null && <ErrorPanel error={error} />}
      </td>
    </tr>
  );
}

export function AdminUsersScreen() {
  const { t } = useI18n();
  const me = useCurrentUser();
  useDocumentTitle(t('users.title'));
  const res = useApi('admin:users', (signal) => listUsers({ signal }));
  const { busyId, notice, setNotice, error: actionError, run } = useRowActions(res.reload);
  const [resetFor, setResetFor] = useState<string | null>(null);

  const change = (u: AdminUser, c: UserChange, done: (u: AdminUser) => string) =>
    run(u.id, async () => setNotice(done(await updateUser(u.id, c))));

  const users = res.data?.items ?? [];

  return (
    <>
      <h1>{t('users.title')}</h1>
      <Notice text={notice} />
      {actionError !== null && <ErrorPanel error={actionError} />}
      {res.data === undefined ? (
        <LoadingOrError res={res} />
      ) : users.length === 0 ? (
        <p className="empty-state">{t('users.empty')}</p>
      ) : (
        <DataTable
          caption={t('users.caption')}
          testId="users-table"
          columns={[
            t('users.col.username'),
            t('users.col.displayName'),
            t('users.col.role'),
            t('users.col.status'),
            t('users.col.lastLogin'),
            t('users.col.created'),
            t('common.actions'),
          ]}
        >
          {users.map((u) => {
            const self = u.id === me.id;
            const busy = busyId === u.id;
            return [
              <tr
                key={u.id}
                data-testid="user-row"
                data-username={u.username}
                className={u.active ? undefined : 'row--inactive'}
              >
                <th scope="row">{u.username}</th>
                <td>{u.displayName}</td>
                <td>
                  {/* An admin cannot demote or lock themselves out by a slip of the mouse. */}
                  <select
                    aria-label={t('users.roleOf', { username: u.username })}
                    value={u.role}
                    disabled={busy || self}
                    onChange={(e) => {
                      const role = e.target.value;
                      if (!isRole(role)) return;
                      void change(u, { role }, (x) =>
                        t('users.roleChanged', {
                          username: x.username,
                          role: t(`role.${x.role}`),
                        }),
                      );
                    }}
                  >
                    <RoleOptions />
                  </select>
                </td>
                <td>
                  <ActiveBadge active={u.active} labels={['users.active', 'users.inactive']} />
                </td>
                <td className="nowrap">
                  {u.lastLoginAt === null ? t('users.never') : formatDateTime(u.lastLoginAt)}
                </td>
                <td className="nowrap">{formatDateTime(u.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    disabled={busy || self}
                    onClick={() =>
                      void change(u, { active: !u.active }, (x) =>
                        t(x.active ? 'users.activated' : 'users.deactivated', {
                          username: x.username,
                        }),
                      )
                    }
                  >
                    {t(u.active ? 'users.deactivate' : 'users.activate')}
                  </button>
                  <button
                    type="button"
                    aria-expanded={resetFor === u.id}
                    disabled={busy}
                    onClick={() => setResetFor(resetFor === u.id ? null : u.id)}
                  >
                    {t('users.resetPassword')}
                  </button>
                </td>
              </tr>,
              resetFor === u.id && (
                <ResetPasswordRow
                  key={`${u.id}-reset`}
                  user={u}
                  onCancel={() => setResetFor(null)}
                  onDone={() => {
                    setResetFor(null);
                    setNotice(t('users.passwordReset', { username: u.username }));
                  }}
                />
              ),
            ];
          })}
        </DataTable>
      )}
      <CreateUserForm
        onCreated={(u) => {
          setNotice(t('users.created', { username: u.username }));
          res.reload();
        }}
      />
    </>
  );
}
