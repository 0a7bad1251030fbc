/** The application: language, layout, and the screen the URL names. */
import { Layout } from './components/layout.js';
import { I18nProvider } from './i18n/i18n-provider.js';
import { useLocation } from './router/router.js';
import { resolveRoute, type RouteMatch } from './router/routes.js';
import { DocumentScreen } from './screens/document-view.js';
import { DossierDetailScreen } from './screens/dossier-detail.js';
import { DossierListScreen } from './screens/dossier-list.js';
import { NotFoundScreen } from './screens/not-found.js';

function Screen({ route }: { route: RouteMatch }) {
  switch (route.name) {
    case 'dossiers':
      return <DossierListScreen />;
    case 'dossier':
      // Keyed so that moving between dossiers starts each screen with fresh state.
      return <DossierDetailScreen key={route.params.code} code={route.params.code} />;
    case 'document':
      return <DocumentScreen key={route.params.id} id={route.params.id} />;
  }
}

export function App() {
  const { pathname } = useLocation();
  const route = resolveRoute(pathname);
  return (
    <I18nProvider>
      <Layout>
        {route === null ? <NotFoundScreen path={pathname} /> : <Screen route={route} />}
      </Layout>
    </I18nProvider>
  );
}
