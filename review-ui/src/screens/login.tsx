/**
 * Đăng nhập: shown in place of any screen while no one is signed in. The URL is left alone, so
 * after signing in the screen the person asked for (or was working on) opens.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.js';
import { ErrorPanel, useDocumentTitle } from '../components/feedback.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { useSession } from '../session/session-provider.js';

export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  useDocumentTitle(t('login.title'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<'failed' | 'required' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (username.trim() === '' || password === '') {
      setProblem('required');
      return;
    }
    setBusy(true);
    setProblem(null);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      // Wrong name, wrong password and a deactivated account read the same, as the api intends.
      if (err instanceof ApiError && err.status === 401) setProblem('failed');
      else setError(err);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <section className="login" aria-labelledby="login-heading">
      <h1 id="login-heading">{t('login.title')}</h1>
      {expired && (
        <p className="notice" role="status" data-testid="login-expired">
          {t('login.expired')}
        </p>
      )}
      <p>{t('login.intro')}</p>
      <form
        className="form login__form"
        data-testid="login-form"
        noValidate
        onSubmit={(e) => void submit(e)}
      >
        <Field
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={username}
          aria-invalid={problem !== null && username.trim() === '' ? true : undefined}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          aria-invalid={problem !== null && password === '' ? true : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        {problem !== null && (
          <p className="form__error" role="alert" data-testid="login-error">
            {t(problem === 'failed' ? 'login.failed' : 'login.required')}
          </p>
        )}
        <button type="submit" className="button--primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
      {error !== null && <ErrorPanel error={error} />}
    </section>
  );
}
