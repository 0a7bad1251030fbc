/**
 * The frame around every screen: skip link, header with the role's navigation, the signed-in
 * person with "Đăng xuất", the language switch, and main.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { describeError } from '../api/describe-error.js';
import { LANGS } from '../i18n/i18n.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link, useLocation } from '../router/router.js';
import { PUBLIC_ROUTES, resolveRoute } from '../router/routes.js';
import { navFor, navState } from '../session/roles.js';
import { useSession } from '../session/session-provider.js';

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}

/** The role's navigation entries, or nothing while no one is signed in. */
function Nav() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const { state } = useSession();
  if (state.status !== 'signedIn') return null;
  return (
    <nav aria-label={t('nav.label')} className="app-nav">
      <ul>
        {navFor(state.user.role).map((n) => {
          const here = navState(n, pathname);
          return (
            <li key={n.id}>
              <Link
                to={n.to}
                data-nav={n.id}
                aria-current={here === 'page' ? 'page' : here === 'section' ? 'true' : undefined}
              >
                {t(n.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Who is signed in, their role, and the sign-out button. */
function UserBox() {
  const { t, lang } = useI18n();
  const { pathname } = useLocation();
  const { state, signOut, signOutError } = useSession();
  if (state.status === 'signedOut') {
    // On the reader's public screens, the way in for staff (the login screen shows at /).
    const route = resolveRoute(pathname);
    return route !== null && PUBLIC_ROUTES.has(route.name) ? (
      <Link to="/" className="user-box__signin" data-testid="staff-sign-in">
        {t('reader.signIn')}
      </Link>
    ) : null;
  }
  if (state.status !== 'signedIn') return null;
  const { user } = state;
  return (
    <div className="user-box" role="group" aria-label={t('session.label')} data-testid="user-box">
      <span className="user-box__name">{user.displayName}</span>
      <span className="user-box__role" data-role={user.role}>
        {t('session.role', { role: t(`role.${user.role}`) })}
      </span>
      <button type="button" onClick={() => void signOut()}>
        {t('session.signOut')}
      </button>
      {signOutError !== null && (
        <span className="user-box__error" role="alert">
          {t('session.signOutFailed', { message: describeError(signOutError, lang).message })}
        </span>
      )}
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    // After an in-app navigation, move focus to the new content as a page load would, so that
    // keyboard and screen-reader users start at the top of the new screen.
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <Link to="/" className="app-header__brand">
          <span className="app-header__name">{t('app.name')}</span>
          <span className="app-header__archive">{t('app.archive')}</span>
        </Link>
        <Nav />
        <div className="app-header__end">
          <UserBox />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="app-main">
        {children}
      </main>
    </>
  );
}
