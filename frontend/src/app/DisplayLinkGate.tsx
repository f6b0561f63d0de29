import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../modules/api/ApiError';
import { adoptDisplayToken } from '../modules/auth/adoptDisplayToken';
import { takeDisplayToken } from '../modules/auth/takeDisplayToken';
import { useI18n } from '../modules/i18n/useI18n';
import { BrandMark } from '../modules/ui/BrandMark';
import { errorMessage } from '../modules/ui/errorMessage';
import '../pages/login/login.css';

/** While the backend cannot be reached, try the wall link's token again this often. */
const RETRY_S = 5;

type Adoption =
  | { state: 'none' }
  | { state: 'adopting' }
  | { state: 'retrying'; seconds: number }
  | { state: 'failed'; error: unknown };

/**
 * Opens a wall link (`/wall#display=<token>`): the token is taken from the fragment (which is then
 * removed from the address), checked with GET /api/auth/me and stored as the session before the
 * routes render, so the wall shows at once. While the backend is unreachable it retries; a refused
 * token says so and offers the login page.
 */
export function DisplayLinkGate({
  children,
  onAdopted,
}: {
  children: ReactNode;
  /** After the token is stored (the router moves to /wall). */
  onAdopted: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [token] = useState(() => takeDisplayToken());
  const [adoption, setAdoption] = useState<Adoption>(() =>
    token ? { state: 'adopting' } : { state: 'none' },
  );

  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      setAdoption({ state: 'adopting' });
      adoptDisplayToken(token, abort.signal).then(
        () => {
          queryClient.clear(); // nothing of a previous user's session may show on the wall
          setAdoption({ state: 'none' });
          onAdopted();
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          if (
            error instanceof ApiError &&
            (error.kind === 'unreachable' || error.kind === 'timeout')
          ) {
            setAdoption({ state: 'retrying', seconds: RETRY_S });
            timer = setTimeout(attempt, RETRY_S * 1_000);
          } else setAdoption({ state: 'failed', error });
        },
      );
    };
    attempt();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [token, queryClient, onAdopted]);

  if (adoption.state === 'none') return children;
  return (
    <div className="login" data-theme="dark" data-testid="display-link" data-state={adoption.state}>
      <main className="login__layout login__layout--single">
        <section className="login__card" aria-live="polite">
          <div className="login__brand">
            <BrandMark size={44} />
            <h1 className="login__heading">{t('app.title')}</h1>
          </div>
          {adoption.state === 'adopting' ? <p>{t('display.connecting')}</p> : null}
          {adoption.state === 'retrying' ? (
            <p className="form-error" role="alert">
              {t('display.retrying', { seconds: adoption.seconds })}
            </p>
          ) : null}
          {adoption.state === 'failed' ? (
            <>
              <p className="form-error" role="alert" data-testid="display-link-error">
                {adoption.error instanceof ApiError && adoption.error.kind === 'unauthorized'
                  ? t('display.invalid')
                  : errorMessage(adoption.error, t)}
              </p>
              <a className="button button--block" href="/login">
                {t('display.toLogin')}
              </a>
            </>
          ) : null}
        </section>
      </main>
    </div>
  );
}
