import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type Access, accessOf } from './access';
import { PageErrorBoundary } from './error-boundary';
import type { ConsolePage } from './pages/page';
import { PAGES } from './pages';
import { session } from './session';

// #/<page>/<rest>?<filters>: the filters are the page's own (hash-filters.ts).
const routeOf = (hash: string) => hash.replace(/^#\/?/, '').split('?')[0];

function useRoute(): string {
  const [route, setRoute] = useState(routeOf(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export function App() {
  const [key, setKey] = useState(session.key());
  const [open, setOpen] = useState<ConsolePage[] | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const route = useRoute();

  // A key kept from earlier in this tab (a reload) is checked again: its role decides what is
  // offered. A sign-in has just checked its key, and a sign-out drops an answer still on its way.
  useEffect(() => {
    if (key === undefined || open !== undefined) return;
    let current = true;
    void accessOf(key, PAGES).then((access: Access) => {
      if (!current) return;
      if (access.ok) setOpen(access.open);
      else {
        session.signOut();
        setKey(undefined);
        setMessage(access.message);
      }
    });
    return () => {
      current = false;
    };
  }, [key, open]);

  // #/<page>/<rest>: the rest is the page's own (a customer's id on the customers page).
  const [id, ...rest] = route.split('/');
  const page = open?.find((candidate) => candidate.id === id) ?? open?.[0];
  useShownPage(page, route);

  if (key === undefined) {
    return (
      <SignIn
        message={message}
        onSignedIn={(given, pages) => {
          session.signIn(given);
          setMessage(undefined);
          setOpen(pages);
          setKey(given);
        }}
      />
    );
  }
  if (open === undefined || page === undefined) return <p role="status">Signing in…</p>;
  return (
    <div className="shell">
      <header>
        <span className="brand">CRM console</span>
        <nav aria-label="Pages">
          {open.map((candidate) => (
            <a key={candidate.id} href={`#/${candidate.id}`} aria-current={candidate === page ? 'page' : undefined}>
              {candidate.title}
            </a>
          ))}
        </nav>
        <button
          type="button"
          onClick={() => {
            session.signOut();
            setOpen(undefined);
            setKey(undefined);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        <PageErrorBoundary route={route}>{page.render(key, page.id === id ? rest.map(decoded).join('/') : '')}</PageErrorBoundary>
      </main>
    </div>
  );
}

/**
 * The tab's title names the page, and on a change of route the focus moves to the new view's
 * heading, so that a screen reader announces where the user now is (the page does not reload).
 */
function useShownPage(page: ConsolePage | undefined, route: string): void {
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    document.title = page ? `${page.title} · CRM console` : 'CRM console';
    if (page && previous.current !== undefined && previous.current !== route) {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    }
    previous.current = page ? route : undefined;
  }, [page, route]);
}

/** A part of the URL as typed or linked; a malformed escape is kept as it is rather than breaking the page. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function SignIn({ message, onSignedIn }: { message?: string; onSignedIn: (key: string, open: ConsolePage[]) => void }) {
  const [given, setGiven] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState(message);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    const access = await accessOf(given.trim(), PAGES);
    setChecking(false);
    if (access.ok) onSignedIn(given.trim(), access.open);
    else setError(access.message);
  };
  return (
    <main className="sign-in">
      <h1>CRM console</h1>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autoComplete="off" required value={given} onChange={(event) => setGiven(event.target.value)} />
        <button type="submit" disabled={checking || given.trim() === ''}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <p className="hint">The key stays in this tab only, and is sent with each request in the Authorization header.</p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
      </form>
    </main>
  );
}
