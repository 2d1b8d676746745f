/** The shell: header with navigation and the feed light, the token prompt, the page. */

import { useEffect } from "react";
import { ConnectionIndicator } from "../components/ConnectionIndicator";
import { EmptyState } from "../components/feedback";
import { Link } from "../components/Link";
import { TokenPrompt } from "../components/TokenPrompt";
import { ProjectsPage } from "../features/projects";
import { SearchPage } from "../features/search";
import { SessionPage } from "../features/session";
import { NewSessionPage, SessionsPage } from "../features/sessions";
import { useAttention } from "../hooks/useAttention";
import type { Route } from "./router";
import { useRoute } from "./router";
import { feedUrl } from "./services";

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "sessions":
      return (
        <SessionsPage project={route.project} status={route.status} needsYou={route.needsYou} />
      );
    case "projects":
      return <ProjectsPage archived={route.archived} />;
    case "new":
      return <NewSessionPage project={route.project} />;
    case "session":
      return (
        <SessionPage
          key={route.ref}
          sessionRef={route.ref}
          agent={route.agent}
          tab={route.tab}
          artifact={route.artifact}
          event={route.event}
          q={route.q}
          filter={route.filter}
        />
      );
    case "search":
      return <SearchPage params={route.params} />;
    case "notFound":
      return (
        <EmptyState title={`Nothing at ${route.path}`}>
          <Link to="/">Go to the sessions list</Link>
        </EmptyState>
      );
  }
}

const TITLES: Record<Route["name"], string> = {
  sessions: "Sessions",
  projects: "Projects",
  new: "New session",
  session: "Session",
  search: "Search",
  notFound: "Not found",
};

export function App() {
  const route = useRoute();
  const attention = useAttention(feedUrl());
  useEffect(() => {
    if (route.name !== "session") document.title = `${TITLES[route.name]} · Pilothouse`;
  }, [route.name]);
  const active = (name: Route["name"]) => (route.name === name ? "nav-link active" : "nav-link");

  return (
    <div className="app">
      <header className="topbar" data-attention={attention.watching ? "watching" : undefined}>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden>
            ⎈
          </span>
          Pilothouse
        </Link>
        <nav className="nav">
          <Link to="/" className={active("sessions")}>
            Sessions
          </Link>
          <Link to="/projects" className={active("projects")}>
            Projects
          </Link>
          <Link to="/search" className={active("search")}>
            Search
          </Link>
        </nav>
        <div className="topbar-right">
          {attention.count > 0 && (
            <Link
              to={attention.answers ? "/?needs_you=true" : "/?status=failed,awaiting_review"}
              className="badge badge-warn"
              data-testid="attention"
              onClick={attention.clear}
            >
              {attention.count} need you
            </Link>
          )}
          {attention.permission === "default" && (
            <button type="button" className="link-button" onClick={attention.allow}>
              Notify me
            </button>
          )}
          <Link to="/new" className="button button-primary">
            New session
          </Link>
          <ConnectionIndicator />
        </div>
      </header>
      <TokenPrompt />
      <main className="page">
        <Page route={route} />
      </main>
    </div>
  );
}
