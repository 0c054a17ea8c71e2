import { useEffect, useRef } from 'preact/hooks';
import { ChannelsPage } from './pages/ChannelsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PublicationDetailPage } from './pages/PublicationDetailPage';
import { PublicationsPage } from './pages/PublicationsPage';
import { SchemaPage } from './pages/SchemaPage';
import { SubscribersPage } from './pages/SubscribersPage';
import { Link, routeFor, useLocationPath, type Route } from './router';

interface ShellProps {
  pollIntervalMs: number;
  onSignOut: () => void;
}

const NAVIGATION: { to: string; label: string; pages: Route['page'][] }[] = [
  { to: '/', label: 'Publications', pages: ['publications', 'publication'] },
  { to: '/channels', label: 'Channels', pages: ['channels'] },
  { to: '/subscribers', label: 'Subscribers', pages: ['subscribers'] },
  { to: '/schema', label: 'Schema', pages: ['schema'] },
];

/** Header, navigation and the page the path names. */
export function Shell({ pollIntervalMs, onSignOut }: ShellProps) {
  const path = useLocationPath();
  const route = routeFor(path);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${pageTitle(routeFor(path))} · Publishing console`;
  }, [path]);

  // After an in-page navigation, screen readers and keyboards start at the new page's heading.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <span class="brand">Publishing console</span>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  aria-current={item.pages.includes(route.page) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main}>
        <CurrentPage route={route} pollIntervalMs={pollIntervalMs} />
      </main>
    </>
  );
}

function pageTitle(route: Route): string {
  if (route.page === 'publication') return `Publication ${route.id}`;
  if (route.page === 'not-found') return 'Page not found';
  return NAVIGATION.find((item) => item.pages.includes(route.page))?.label ?? 'Publishing console';
}

function CurrentPage({ route, pollIntervalMs }: { route: Route; pollIntervalMs: number }) {
  switch (route.page) {
    case 'publications':
      return <PublicationsPage pollIntervalMs={pollIntervalMs} />;
    case 'publication':
      return <PublicationDetailPage key={route.id} id={route.id} pollIntervalMs={pollIntervalMs} />;
    case 'channels':
      return <ChannelsPage />;
    case 'subscribers':
      return <SubscribersPage />;
    case 'schema':
      return <SchemaPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
