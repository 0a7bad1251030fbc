/**
 * The application: language, session, layout, and the screen the URL names. While no one is
 * signed in the login screen stands in for every screen, at the same URL, so signing in (again)
 * opens what was asked for.
 */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { ErrorPanel, Loading } from './components/feedback.js';
import { Layout } from './components/layout.js';
import { I18nProvider, useI18n } from './i18n/i18n-provider.js';
import { navigate, useLocation } from './router/router.js';
import { PUBLIC_ROUTES, resolveRoute, type RouteMatch } from './router/routes.js';
import { AdminUsersScreen } from './screens/admin-users.js';
import { AdminWorkstationsScreen } from './screens/admin-workstations.js';
import { DocumentScreen } from './screens/document-view.js';
import { DossierDetailScreen } from './screens/dossier-detail.js';
import { DossierListScreen } from './screens/dossier-list.js';
import { HoldingsScreen } from './progress/holdings-screen.js';
import { PipelineScreen } from './progress/pipeline-screen.js';
import { ProgressScreen } from './progress/progress-screen.js';
import { ForbiddenScreen } from './screens/forbidden.js';
import { LoginScreen } from './screens/login.js';
import { NotFoundScreen } from './screens/not-found.js';
import { ReturnsScreen } from './screens/returns.js';
import { ReviewQueueScreen } from './screens/review-queue.js';
import { homeFor, mayOpen, mayReview } from './session/roles.js';
import {
  SessionProvider,
  useCurrentUser,
  useSession,
  useSessionUser,
} from './session/session-provider.js';

// The workspace brings the image viewer (OpenSeadragon): loaded when first opened, so that the
// login screen and the lists start quickly.
const Workspace = lazy(() =>
  import('./workspace/workspace.js').then((m) => ({ default: m.Workspace })),
);
// The reader's screens (and their viewer) load only when a reader opens them.
const SearchScreen = lazy(() =>
  import('./reader/search-screen.js').then((m) => ({ default: m.SearchScreen })),
);
const RecordScreen = lazy(() =>
  import('./reader/record-screen.js').then((m) => ({ default: m.RecordScreen })),
);

/** A reader's screen, for anyone; keyed by person so that signing in or out reloads it. */
function PublicScreen({ route }: { route: RouteMatch }) {
  const user = useSessionUser();
  const key = user?.id ?? 'anonymous';
  let screen: ReactNode = null;
  if (route.name === 'search') screen = <SearchScreen key={key} />;
  else if (route.name === 'record')
    screen = <RecordScreen key={`${key}:${route.params.id}`} id={route.params.id} />;
  return <Suspense fallback={<Loading />}>{screen}</Suspense>;
}

/** Replaces the current history entry with `to` (a role's start page). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}

function Screen({ route }: { route: RouteMatch }) {
  const { role } = useCurrentUser();
  if (!mayOpen(route.name, role)) return <ForbiddenScreen />;
  switch (route.name) {
    case 'home':
      return mayReview(role) ? <ReviewQueueScreen /> : <Redirect to={homeFor(role)} />;
    case 'dossiers':
      return <DossierListScreen />;
    case 'dossier':
      // Keyed so that moving between dossiers starts each screen with fresh state.
      return <DossierDetailScreen key={route.params.code} code={route.params.code} />;
    case 'document':
      return <DocumentScreen key={route.params.id} id={route.params.id} />;
    case 'review':
      return (
        <Suspense fallback={<Loading />}>
          <Workspace key={route.params.code} code={route.params.code} />
        </Suspense>
      );
    case 'returns':
      return <ReturnsScreen />;
    case 'adminUsers':
      return <AdminUsersScreen />;
    case 'adminWorkstations':
      return <AdminWorkstationsScreen />;
    case 'progress':
      return <ProgressScreen />;
    case 'holdings':
      return <HoldingsScreen />;
    case 'pipeline':
      return <PipelineScreen />;
    case 'search':
    case 'record':
      return <PublicScreen route={route} />;
  }
}

function Shell() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const { state, recheck } = useSession();
  const open = resolveRoute(pathname);
  // The catalogue is for readers without an account: no login screen in front of it.
  if (open !== null && PUBLIC_ROUTES.has(open.name)) return <PublicScreen route={open} />;
  switch (state.status) {
    case 'checking':
      return (
        <p className="loading" role="status">
          {t('session.checking')}
        </p>
      );
    case 'unavailable':
      return (
        <>
          <h1>{t('session.unavailable')}</h1>
          <ErrorPanel error={state.error} onRetry={recheck} />
        </>
      );
    case 'signedOut':
      return <LoginScreen expired={state.expired} />;
    case 'signedIn': {
      const route = resolveRoute(pathname);
      // Keyed by person: someone else signing in on this browser starts with fresh screens.
      return route === null ? (
        <NotFoundScreen key={state.user.id} path={pathname} />
      ) : (
        <Screen key={state.user.id} route={route} />
      );
    }
  }
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Layout>
          <Shell />
        </Layout>
      </SessionProvider>
    </I18nProvider>
  );
}
