/**
 * Moving between addresses of the single-page app with the History API. The read service
 * answers every non-API path with index.html, so plain paths work on reload.
 */

import { useSyncExternalStore } from "react";

const NAVIGATE = "pilothouse:navigate";

/** Go to `href` inside the app; `replace` keeps the history entry (filters, tabs). */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  window.dispatchEvent(new Event(NAVIGATE));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  window.addEventListener(NAVIGATE, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(NAVIGATE, listener);
  };
}

const currentHref = () => location.pathname + location.search;

/** The current path and query string; re-renders on navigation. */
export function useCurrentHref(): string {
  return useSyncExternalStore(subscribe, currentHref);
}

/** A path with a query string from the non-empty params. */
export function href(
  path: string,
  params: Record<string, string | number | null | undefined> = {},
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
