/**
 * The live log, virtualized: only the rows in view (plus a few) are in the DOM, however
 * long the log. Scrolling near the top loads the previous page and keeps the view where
 * it was; at the bottom it follows new events and any change of layout (useFollow);
 * scrolled away, it offers "jump to latest". A log opened at one event (its `anchor`, a
 * search match) shows that event highlighted, and loads newer pages at the bottom until
 * it reaches the live end.
 */

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EmptyState } from "../../../components/feedback";
import { useStore } from "../../../hooks/useStore";
import type { EventKind } from "../../../lib/api/types";
import type { EventLog } from "../api/eventLog";
import { useFollow } from "../hooks/useFollow";
import { useLogOpening } from "../hooks/useLogOpening";
import { toolNameFor } from "../utils/describe";
import { atEnd, AT_END_PX } from "../utils/follow";
import { EventRow } from "./EventRow";
import { LogToolbar } from "./LogToolbar";

const CHANGE_KINDS = new Set<EventKind>(["session_changed", "agent_changed", "project_changed"]);
const LOAD_OLDER_WITHIN_PX = 400;

interface Props {
  log: EventLog;
  loadOlder: () => void;
  /** Load the page after the newest row, when the log does not reach the live end. */
  loadNewer?: () => void;
  /** Reload the log at the live end (from a window far from it). */
  openLatest?: () => void;
  loadingOlder: boolean;
  emptyText: string;
  /** Retention removed what came before the log's first event: it has no "start". */
  olderRemoved?: boolean;
}

export function LogView({
  log,
  loadOlder,
  loadNewer,
  openLatest,
  loadingOlder,
  emptyText,
  olderRemoved = false,
}: Props) {
  const version = useStore(log);
  const [showChanges, setShowChanges] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [lastSeenId, setLastSeenId] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const { following, scrolled, release, jump: jumpToEnd } = useFollow(scrollRef, contentRef);

  const rows = useMemo(
    () => (showChanges ? log.events : log.events.filter((e) => !CHANGE_KINDS.has(e.kind))),
    // The log mutates in place; its version says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [log, version, showChanges],
  );

  // The React compiler is not used here; TanStack's non-memoizable API is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 26, // a one-line row; taller rows are measured as they render
    getItemKey: (index) => rows[index].id,
    overscan: 8,
    anchorTo: "end", // prepending an older page keeps the rows in view where they are
    followOnAppend: true, // at the bottom, new rows scroll into view
    scrollEndThreshold: AT_END_PX,
  });

  useLogOpening(log, rows, version, virtualizer, release);
  const anchor = log.anchor;

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    // A window short of the live end never follows: its end is not the newest event.
    if (log.newerCursor !== null) release();
    else scrolled();
    const end = atEnd(element);
    const newest = rows.at(-1)?.id ?? null; // read now: the log grows in place
    if (end) setLastSeenId(null);
    else setLastSeenId((seen) => seen ?? newest);
    if (element.scrollTop < LOAD_OLDER_WITHIN_PX && log.olderCursor !== null) loadOlder();
    const below = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (below < LOAD_OLDER_WITHIN_PX && log.newerCursor !== null) loadNewer?.();
  }, [rows, log, loadOlder, loadNewer, scrolled, release]);

  // A short log that does not fill the view cannot be scrolled up: load older at once.
  const totalSize = virtualizer.getTotalSize();
  useEffect(() => {
    const element = scrollRef.current;
    if (element && log.loaded && log.olderCursor !== null && totalSize < element.clientHeight)
      loadOlder();
  }, [totalSize, log, version, loadOlder]);

  const unseen = useMemo(() => {
    if (following || lastSeenId === null) return 0;
    let count = 0;
    for (let i = rows.length - 1; i >= 0 && rows[i].id !== lastSeenId; i--) count++;
    return count;
    // `rows` may be the log's own array, grown in place: `version` says it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, version, following, lastSeenId]);

  const toggle = useCallback((id: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const behind = log.newerCursor !== null;
  const jump = () => {
    setLastSeenId(null);
    if (behind && openLatest) openLatest();
    else jumpToEnd();
  };

  return (
    <div className="log">
      <LogToolbar
        count={rows.length}
        hasOlder={log.olderCursor !== null}
        behind={behind}
        loadingOlder={loadingOlder}
        olderRemoved={olderRemoved}
        showChanges={showChanges}
        onShowChanges={setShowChanges}
      />
      <div ref={scrollRef} className="log-scroll" onScroll={onScroll} data-testid="log-scroll">
        {log.loaded && rows.length === 0 && <EmptyState title={emptyText} />}
        <div ref={contentRef} style={{ height: totalSize, position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = rows[item.index];
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={event.position === anchor ? "log-slot anchored" : "log-slot"}
                data-anchored={event.position === anchor ? "true" : undefined}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <EventRow
                  event={event}
                  toolName={
                    event.kind === "tool_result" ? toolNameFor(rows, item.index) : undefined
                  }
                  expanded={expanded.has(event.id)}
                  onToggle={toggle}
                />
              </div>
            );
          })}
        </div>
      </div>
      {(!following || behind) && (
        <button type="button" className="jump-latest" onClick={jump} data-testid="jump-latest">
          ↓ Jump to latest{unseen > 0 ? ` (${unseen} new)` : ""}
        </button>
      )}
    </div>
  );
}
