/** The session page's tabs: the log (of one agent, when one is picked), changes, artifacts. */

import type { ReactNode } from "react";
import type { AgentView, SessionView } from "../../../lib/api/types";
import { tabAfterKey } from "../../../lib/keys";

export type SessionTab = "log" | "changes" | "artifacts";

function Tab(props: {
  name: SessionTab;
  current: SessionTab;
  go: (params: { tab: SessionTab }) => void;
  children: ReactNode;
}) {
  const { name, current, go, children } = props;
  return (
    <button
      type="button"
      role="tab"
      aria-selected={current === name}
      tabIndex={current === name ? 0 : -1}
      data-tab={name}
      className={`tab ${current === name ? "active" : ""}`}
      onClick={() => go({ tab: name })}
    >
      {children}
    </button>
  );
}

export const SESSION_TABS: readonly SessionTab[] = ["log", "changes", "artifacts"];

export function SessionTabs({
  tab,
  go,
  session,
  selected,
}: {
  tab: SessionTab;
  go: (params: { tab: SessionTab }) => void;
  session: SessionView;
  selected: AgentView | undefined;
}) {
  return (
    <div
      className="tabs"
      role="tablist"
      onKeyDown={(keyEvent) => {
        // Arrow keys, Home and End move between the tabs (WAI-ARIA tabs pattern).
        const next = tabAfterKey(SESSION_TABS, tab, keyEvent.key);
        if (next === null) return;
        keyEvent.preventDefault();
        go({ tab: next });
        keyEvent.currentTarget.querySelector<HTMLElement>(`[data-tab=${next}]`)?.focus();
      }}
    >
      <Tab name="log" current={tab} go={go}>
        Log{selected ? ` · ${selected.kind} #${selected.id}` : ""}
      </Tab>
      <Tab name="changes" current={tab} go={go}>
        Changes
        {session.isolated ? (
          <span className="tab-count" data-testid="changes-count">
            {session.files_changed ?? 0}
          </span>
        ) : (
          <span className="tab-count muted">not isolated</span>
        )}
      </Tab>
      <Tab name="artifacts" current={tab} go={go}>
        Artifacts
      </Tab>
    </div>
  );
}
