import { useState, type MouseEvent } from 'react';
import { useI18n } from '../modules/i18n/useI18n';
import { errorMessage } from '../modules/ui/errorMessage';
import { QUEUES_BOARD_URL, openQueuesBoard } from './openQueuesBoard';

/**
 * The admin section's link to the queue board (Bull Board, a page of the backend): a click sets
 * the board's cookie with the session's token, then opens the board in a new tab. A middle-click
 * or a copied link reaches the board directly, which asks for that cookie.
 */
export function QueuesBoardLink() {
  const { t } = useI18n();
  const [failure, setFailure] = useState<string | null>(null);

  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setFailure(null);
    openQueuesBoard().catch((error: unknown) =>
      setFailure(t('nav.queuesFailed', { reason: errorMessage(error, t) })),
    );
  };

  return (
    <>
      <a
        href={QUEUES_BOARD_URL}
        target="_blank"
        rel="noopener"
        className="app-nav__link"
        data-testid="nav-queues"
        title={t('nav.queuesHint')}
        onClick={open}
      >
        {t('nav.queues')} ↗
      </a>
      {failure ? (
        <span role="alert" className="app-nav__role" data-testid="nav-queues-error">
          {failure}
        </span>
      ) : null}
    </>
  );
}
