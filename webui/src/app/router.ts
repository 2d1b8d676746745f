/** Routes of the single-page app: which page an address stands for. */

import { SESSION_TABS } from "../features/session";
import type { SessionTab } from "../features/session";
import type { LogFilter } from "../lib/api/read";
import { useCurrentHref } from "../lib/navigation";

export type Route =
  | { name: "sessions"; project: string | null; status: string[]; needsYou: boolean }
  | { name: "projects"; archived: boolean }
  | { name: "new"; project: string | null }
  | {
      name: "session";
      ref: string;
      agent: number | null;
      tab: SessionTab;
      /** The artifact shown on the Artifacts tab, so a link opens it. */
      artifact: string | null;
      /** The event to open the log at (a search match), by position. */
      event: number | null;
      /** The in-log search's words. */
      q: string;
      filter: LogFilter;
    }
  | { name: "search"; params: URLSearchParams }
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
      needsYou: params.get("needs_you") === "true",
    };
  }
  if (path === "/projects")
    return { name: "projects", archived: params.get("archived") === "true" };
  if (path === "/new") return { name: "new", project: params.get("project") };
  if (path === "/search") return { name: "search", params };
  const session = /^\/sessions\/([^/]+)$/.exec(path);
  if (session) {
    const agent = Number(params.get("agent"));
    return {
      name: "session",
      ref: decodeURIComponent(session[1]),
      agent: Number.isInteger(agent) && agent > 0 ? agent : null,
      tab: SESSION_TABS.find((t) => t === params.get("tab")) ?? "log",
      artifact: params.get("artifact") || null,
      event: positive(params.get("event")),
      q: params.get("q") ?? "",
      filter: {
        kinds: list(params.get("kind")),
        tools: list(params.get("tool")),
        errors: params.get("errors") === "true",
      },
    };
  }
  return { name: "notFound", path };
}

function list(value: string | null): string[] {
  return value ? value.split(",").filter(Boolean) : [];
}

function positive(value: string | null): number | null {
  const number = Number(value);
  return value && Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const href = useCurrentHref();
  const url = new URL(href, location.origin);
  return parseRoute(url.pathname, url.search);
}
