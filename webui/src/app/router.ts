/**
 * Routes of the single-page app. The read service answers every non-API path with
 * index.html, so plain paths work on reload; navigation uses the History API.
 */

import { useSyncExternalStore } from "react";

export type SessionTab = "log" | "artifacts";

export type Route =
  | { name: "sessions"; project: string | null; status: string[] }
  | { name: "projects"; archived: boolean }
  | { name: "new"; project: string | null }
  | { name: "session"; ref: string; agent: number | null; tab: SessionTab }
  | { name: "notFound"; path: string };

/** The route an address stands for. */
export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/sessions") {
    const status = params.get("status");
    return {
      name: "sessions",
      project: params.get("project"),
      status: status ? status.split(",").filter(Boolean) : [],
    };
  }
  if (path === "/projects") return { name: "projects", archived: params.get("archived") === "true" };
  if (path === "/new") return { name: "new", project: params.get("project") };
  const session = /^\/sessions\/([^/]+)$/.exec(path);
  if (session) {
    const agent = Number(params.get("agent"));
    return {
      name: "session",
      ref: decodeURIComponent(session[1]),
      agent: Number.isInteger(agent) && agent > 0 ? agent : null,
      tab: params.get("tab") === "artifacts" ? "artifacts" : "log",
    };
  }
  return { name: "notFound", path };
}

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

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, location.origin);
  return parseRoute(url.pathname, url.search);
}

/** A path with a query string from the non-empty params. */
export function href(path: string, params: Record<string, string | number | null | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
