/**
 * Browse the directories the read service allows (its configured roots) to pick a
 * project's directory. Git repositories are marked; choosing one fills the form.
 */

import { useState } from "react";
import { ErrorNote, Loading } from "../../../components/feedback";
import { useLoad } from "../../../hooks/useLoad";
import { browse } from "../../../lib/api/read";

interface Props {
  selected: string;
  onPick: (path: string) => void;
}

export function DirectoryBrowser({ selected, onPick }: Props) {
  const [path, setPath] = useState<string | null>(null);
  const [listing, retry] = useLoad(() => browse(path), path ?? "");

  return (
    <div className="browser" data-testid="directory-browser">
      <div className="browser-bar">
        <button
          type="button"
          className="button"
          onClick={() => setPath(null)}
          disabled={path === null}
        >
          Roots
        </button>
        {listing.state === "done" && listing.value.parent && (
          <button type="button" className="button" onClick={() => setPath(listing.value.parent)}>
            ↑ Up
          </button>
        )}
        <code className="browser-path">{path ?? "allowed roots"}</code>
        {path && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => onPick(path)}
            disabled={selected === path}
          >
            {selected === path ? "Chosen" : "Choose this directory"}
          </button>
        )}
      </div>
      {listing.state === "loading" && <Loading what="directories" />}
      {listing.state === "failed" && <ErrorNote error={listing.error} onRetry={retry} />}
      {listing.state === "done" && (
        <ul className="browser-list">
          {path === null &&
            listing.value.roots.map((root) => (
              <li key={root}>
                <button type="button" className="browser-entry" onClick={() => setPath(root)}>
                  <span aria-hidden>▸</span> {root}
                </button>
              </li>
            ))}
          {path !== null && listing.value.entries.filter((e) => e.is_dir).length === 0 && (
            <li className="muted">No subdirectories here.</li>
          )}
          {path !== null &&
            listing.value.entries
              .filter((entry) => entry.is_dir)
              .map((entry) => (
                <li key={entry.path} className={selected === entry.path ? "chosen" : ""}>
                  <button
                    type="button"
                    className="browser-entry"
                    onClick={() => setPath(entry.path)}
                    title={entry.path}
                  >
                    <span aria-hidden>▸</span> {entry.name}
                  </button>
                  {entry.is_git && <span className="badge badge-ok">git</span>}
                  <button type="button" className="link-button" onClick={() => onPick(entry.path)}>
                    choose
                  </button>
                </li>
              ))}
        </ul>
      )}
    </div>
  );
}
