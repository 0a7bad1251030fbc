/** Shown for a screen the signed-in person's role may not open (the api would answer 403). */
import { ForbiddenPanel, useDocumentTitle } from '../components/feedback.js';
import { useI18n } from '../i18n/i18n-provider.js';

export function ForbiddenScreen() {
  const { t } = useI18n();
  useDocumentTitle(t('forbidden.title'));
  return <ForbiddenPanel heading={1} />;
}
