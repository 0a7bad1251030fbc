/** The frame around every screen: skip link, header with navigation and language switch, main. */
import { useEffect, useRef, type ReactNode } from 'react';
import { LANGS } from '../i18n/i18n.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link, useLocation } from '../router/router.js';
import { pathTo } from '../router/routes.js';

/** The navigation entries; the dashboard and the catalogue join them in later issues. */
const NAV = [
  { key: 'nav.dossiers', to: pathTo('dossiers', {}), sections: ['/dossiers/', '/documents/'] },
] as const;

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
        <nav aria-label={t('nav.label')} className="app-nav">
          <ul>
            {NAV.map((n) => {
              const here = pathname === n.to;
              const inside = n.sections.some((s) => pathname.startsWith(s));
              return (
                <li key={n.key}>
                  <Link to={n.to} aria-current={here ? 'page' : inside ? 'true' : undefined}>
                    {t(n.key)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" ref={main} tabIndex={-1} className="app-main">
        {children}
      </main>
    </>
  );
}
