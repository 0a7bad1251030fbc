/**
 * Tra cứu (/tra-cuu): the catalogue search for readers, open without an account. The search lives
 * in the URL; results come with their highlighted snippet; a signed-in member of staff also sees
 * the restricted records their role may read (the api decides, with core/domain/access.ts; the
 * screen only says so).
 */
import { useState, type FormEvent } from 'react';
import { codeLabel, useCodeLists } from '../api/code-lists.js';
import { useApi } from '../api/use-api.js';
import { ErrorPanel, LoadingOrError, useDocumentTitle } from '../components/feedback.js';
import { mayReadMode, readableModes, viewerFor, ANONYMOUS } from '../../../core/domain/access.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link, navigate, useLocation } from '../router/router.js';
import { useSessionUser } from '../session/session-provider.js';
import { formatVnDate } from '../workspace/dates.js';
import { listFonds, searchCatalogue } from './api.js';
import { parseSearch, searchPath, type SearchQuery } from './search-params.js';
import type { SearchHit, SearchResult } from './types.js';
import './reader.css';

function Snippet({ segments }: { segments: SearchHit['snippet'] }) {
  if (segments === null || segments.length === 0) return null;
  return (
    <p className="hit__snippet" data-testid="hit-snippet">
      {segments.map((s, i) =>
        s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </p>
  );
}

/** "Hạn chế tiếp cận: Mật" on a record an anonymous reader could not see. */
export function AccessBadge({ mode }: { mode: string }) {
  const { t, lang } = useI18n();
  const lists = useCodeLists();
  if (mayReadMode(ANONYMOUS, mode)) return null;
  return (
    <span className="badge badge--restricted" data-testid="restricted-badge">
      {t('reader.restricted', { mode: codeLabel(lists?.['accessMode'], mode, lang) ?? mode })}
    </span>
  );
}

function Hit({ hit }: { hit: SearchHit }) {
  const meta = [
    hit.issuedDate === null ? null : formatVnDate(hit.issuedDate),
    hit.organName,
    hit.docCode,
    hit.fondsName ?? hit.fondsCode,
  ].filter((x): x is string => x !== null && x !== '');
  return (
    <li className="hit" data-testid="search-hit" data-document-id={hit.documentId}>
      <h3 className="hit__title">
        <Link to={`/tai-lieu/${encodeURIComponent(hit.documentId)}`}>{hit.title}</Link>{' '}
        <AccessBadge mode={hit.accessMode} />
      </h3>
      <p className="hit__meta">{meta.join(' · ')}</p>
      <Snippet segments={hit.snippet} />
    </li>
  );
}

function SearchForm({ query }: { query: SearchQuery }) {
  const { t, lang } = useI18n();
  const lists = useCodeLists();
  // Keyed by the URL's search: going back or following a link starts the form afresh.
  const [form, setForm] = useState(query);
  const fonds = useApi('catalogue:fonds', (signal) => listFonds({ signal }));
  const set = <K extends keyof SearchQuery>(k: K, v: SearchQuery[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(searchPath(form));
  };
  return (
    <form className="reader-form" role="search" onSubmit={submit} data-testid="search-form">
      <div className="reader-form__main">
        <label className="field">
          <span className="field__label">{t('reader.search.q')}</span>
          <input
            type="search"
            name="q"
            value={form.q}
            maxLength={500}
            onChange={(e) => set('q', e.target.value)}
          />
        </label>
        <button type="submit" className="button--primary">
          {t('reader.search.submit')}
        </button>
      </div>
      <div className="reader-form__filters">
        <label className="field">
          <span className="field__label">{t('reader.search.diacritics')}</span>
          <select
            value={form.diacritics}
            onChange={(e) => set('diacritics', e.target.value as SearchQuery['diacritics'])}
          >
            {(['auto', 'ignore', 'match'] as const).map((d) => (
              <option key={d} value={d}>
                {t(`reader.search.diacritics.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('reader.search.fonds')}</span>
          <select value={form.fonds} onChange={(e) => set('fonds', e.target.value)}>
            <option value="">{t('reader.search.any')}</option>
            {(fonds.data?.items ?? []).map((f) => (
              <option key={f.code} value={f.code}>
                {f.name} ({f.code})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('reader.search.type')}</span>
          <select value={form.type} onChange={(e) => set('type', e.target.value)}>
            <option value="">{t('reader.search.any')}</option>
            {(lists?.['docType'] ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {codeLabel(lists?.['docType'], c.code, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('reader.search.organ')}</span>
          <input
            value={form.organ}
            maxLength={200}
            onChange={(e) => set('organ', e.target.value)}
          />
        </label>
        <label className="field field--year">
          <span className="field__label">{t('reader.search.yearFrom')}</span>
          <input
            inputMode="numeric"
            pattern="\d{4}"
            maxLength={4}
            value={form.yearFrom}
            onChange={(e) => set('yearFrom', e.target.value)}
          />
        </label>
        <label className="field field--year">
          <span className="field__label">{t('reader.search.yearTo')}</span>
          <input
            inputMode="numeric"
            pattern="\d{4}"
            maxLength={4}
            value={form.yearTo}
            onChange={(e) => set('yearTo', e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('reader.search.sort')}</span>
          <select
            value={form.sort}
            onChange={(e) => set('sort', e.target.value as SearchQuery['sort'])}
          >
            <option value="">{t('reader.search.sort.relevance')}</option>
            <option value="newest">{t('reader.search.sort.newest')}</option>
            <option value="oldest">{t('reader.search.sort.oldest')}</option>
          </select>
        </label>
      </div>
    </form>
  );
}

function Results({ query, path }: { query: SearchQuery; path: string }) {
  const { t, lang } = useI18n();
  const first = useApi(`catalogue:${path}`, (signal) => searchCatalogue(query, null, { signal }));
  const [more, setMore] = useState<{ path: string; pages: SearchResult[] }>({ path, pages: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (first.data === undefined) return <LoadingOrError res={first} />;
  const pages = [first.data, ...(more.path === path ? more.pages : [])];
  const items = pages.flatMap((p) => p.items);
  const next = pages[pages.length - 1]?.nextCursor ?? null;
  const r = first.data;
  const loadMore = async (cursor: string) => {
    setBusy(true);
    setError(null);
    try {
      const page = await searchCatalogue(query, cursor);
      setMore((m) => ({ path, pages: [...(m.path === path ? m.pages : []), page] }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const count = r.total.count.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <section aria-labelledby="results-heading" data-testid="search-results">
      <h2 id="results-heading" className="visually-hidden">
        {t('reader.search.results')}
      </h2>
      <p className="reader-count" role="status" data-testid="search-count">
        {t(r.total.exact ? 'reader.search.count' : 'reader.search.countMore', { count })}
        {r.folded && r.matchedBy === 'text' ? ` ${t('reader.search.folded')}` : ''}
      </p>
      {r.rankWindowExceeded && <p className="muted">{t('reader.search.window')}</p>}
      {items.length === 0 ? (
        <p className="empty-state">{t('reader.search.none')}</p>
      ) : (
        <ol className="hits">
          {items.map((h) => (
            <Hit key={h.recordId} hit={h} />
          ))}
        </ol>
      )}
      {error !== null && <ErrorPanel error={error} />}
      {next !== null && (
        <button type="button" disabled={busy} onClick={() => void loadMore(next)}>
          {busy ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </section>
  );
}

export function SearchScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('reader.search.title'));
  const { search } = useLocation();
  const user = useSessionUser();
  const query = parseSearch(search);
  const path = `${searchPath(query)}|${user?.id ?? 'anonymous'}`;
  // Staff see restricted records too: say so, from the same rule the api applies.
  const seesMore = readableModes(viewerFor(user?.role)).length > readableModes(ANONYMOUS).length;
  return (
    <>
      <h1>{t('reader.search.title')}</h1>
      <p className="lead">{t('reader.search.intro')}</p>
      {seesMore && (
        <p className="notice" data-testid="staff-note">
          {t('reader.search.staffNote')}
        </p>
      )}
      <SearchForm key={searchPath(query)} query={query} />
      <Results key={path} query={query} path={path} />
    </>
  );
}
