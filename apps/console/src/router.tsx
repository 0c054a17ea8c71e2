import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { BASE_PATH } from './base-path';

export type Route =
  | { page: 'publications' }
  | { page: 'publication'; id: string }
  | { page: 'channels' }
  | { page: 'subscribers' }
  | { page: 'schema' }
  | { page: 'not-found' };

export function routeFor(pathname: string): Route {
  const path = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { page: 'publications' };
  if (parts[0] === 'publications' && parts.length === 1) return { page: 'publications' };
  if (parts[0] === 'publications' && parts.length === 2 && parts[1]) {
    return { page: 'publication', id: decodeURIComponent(parts[1]) };
  }
  if (parts.length === 1 && (parts[0] === 'channels' || parts[0] === 'subscribers')) {
    return { page: parts[0] };
  }
  if (parts.length === 1 && parts[0] === 'schema') return { page: 'schema' };
  return { page: 'not-found' };
}

export function hrefFor(path: string): string {
  return `${BASE_PATH}${path}`;
}

const NAVIGATION_EVENT = 'console:navigate';

export function navigate(path: string): void {
  history.pushState(null, '', hrefFor(path));
  window.dispatchEvent(new Event(NAVIGATION_EVENT));
}

/** The current path, following links, back and forward. */
export function useLocationPath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATION_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATION_EVENT, update);
    };
  }, []);
  return path;
}

interface LinkProps {
  to: string;
  children: ComponentChildren;
  class?: string;
  id?: string;
  'aria-current'?: 'page';
}

/** An ordinary link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={hrefFor(to)} onClick={onClick}>
      {children}
    </a>
  );
}
