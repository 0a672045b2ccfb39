import { type FormEvent, useEffect, useState } from 'react';
import { type Access, accessOf } from './access';
import type { ConsolePage } from './pages/page';
import { PAGES } from './pages';
import { session } from './session';

const routeOf = (hash: string) => hash.replace(/^#\/?/, '');

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

  // A key kept from earlier in this tab is checked again: its role decides what is offered.
  useEffect(() => {
    if (key === undefined) return;
    void accessOf(key, PAGES).then((access: Access) => {
      if (access.ok) setOpen(access.open);
      else {
        session.signOut();
        setKey(undefined);
        setMessage(access.message);
      }
    });
  }, [key]);

  if (key === undefined) {
    return (
      <SignIn
        message={message}
        onKey={(given) => {
          session.signIn(given);
          setMessage(undefined);
          setKey(given);
        }}
      />
    );
  }
  if (open === undefined) return <p role="status">Signing in…</p>;
  const page = open.find((candidate) => candidate.id === route) ?? open[0];
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
      <main>{page.render(key)}</main>
    </div>
  );
}

function SignIn({ message, onKey }: { message?: string; onKey: (key: string) => void }) {
  const [given, setGiven] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState(message);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    const access = await accessOf(given.trim(), PAGES);
    setChecking(false);
    if (access.ok) onKey(given.trim());
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
