/** Shown for a URL no screen claims. */
import { useDocumentTitle } from '../components/feedback.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Link } from '../router/router.js';
import { pathTo } from '../router/routes.js';

export function NotFoundScreen({ path }: { path: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
      <p>
        <Link to={pathTo('dossiers', {})}>{t('notFound.home')}</Link>
      </p>
    </>
  );
}
