/** Search hits grouped by session and phase; each opens the session's log at its event. */

import { UnfencedBadge } from "../../../components/badges";
import { Link } from "../../../components/Link";
import type { SearchGroup, SearchHit } from "../../../lib/api/types";
import { href } from "../../../lib/navigation";
import { Snippet } from "./Snippet";

function hitLink(group: SearchGroup, hit: SearchHit, query: string): string {
  return href(`/sessions/${group.session_slug}`, { event: hit.position, q: query });
}

function what(hit: SearchHit): string {
  const kind = hit.tool ? `${hit.tool}` : hit.kind.replace("_", " ");
  return hit.is_error ? `${kind} · error` : kind;
}

export function SearchResults({ groups, query }: { groups: SearchGroup[]; query: string }) {
  return (
    <ol className="search-results" data-testid="search-results">
      {groups.map((group) => (
        <li
          key={`${group.session_id}-${group.phase ?? "session"}-${group.hits[0]?.position}`}
          className="search-group"
        >
          <div className="search-group-head">
            <Link to={`/sessions/${group.session_slug}`}>{group.session_title}</Link>{" "}
            <UnfencedBadge unfenced={group.session_unfenced} />
            <span className="muted">
              {" "}
              · {group.phase ?? "session"} · {group.project_slug} · {group.session_slug}
            </span>
          </div>
          <ul className="search-hits">
            {group.hits.map((hit) => (
              <li key={hit.position} className={hit.is_error ? "search-hit error" : "search-hit"}>
                <Link
                  to={hitLink(group, hit, query)}
                  className="search-hit-link"
                  data-testid="search-hit"
                  data-position={hit.position}
                >
                  <span className="search-hit-meta muted">
                    {new Date(hit.created_at).toLocaleString()} · {what(hit)}
                  </span>
                  <Snippet parts={hit.snippet} />
                </Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
