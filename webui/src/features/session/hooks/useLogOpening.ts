/**
 * Where a virtualized log opens: at its newest event once the first page is in, again
 * each time the log is loaded afresh somewhere else (its generation); or, for a log opened
 * at one event (its anchor, a search match), at that event, whenever the anchor changes.
 */

import type { Virtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useMemo, useRef } from "react";
import type { EventView } from "../../../lib/api/types";
import type { EventLog } from "../api/eventLog";

export function useLogOpening(
  log: EventLog,
  rows: EventView[],
  version: number,
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  release: () => void,
): void {
  const generation = log.generation;
  const opened = useRef(-1);
  useLayoutEffect(() => {
    if (opened.current === generation || !log.loaded || rows.length === 0) return;
    if (log.anchor !== null) return;
    opened.current = generation;
    virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
  }, [generation, log.loaded, rows.length, virtualizer, log.anchor]);

  const anchor = log.anchor;
  const anchorIndex = useMemo(
    () => (anchor === null ? -1 : rows.findIndex((e) => e.position === anchor)),
    // The log mutates in place; its version says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, version, anchor],
  );
  const shownAnchor = useRef("");
  useLayoutEffect(() => {
    const shown = `${generation}:${anchor}`;
    if (anchor === null || anchorIndex < 0 || shownAnchor.current === shown) return;
    shownAnchor.current = shown;
    opened.current = generation;
    release();
    virtualizer.scrollToIndex(anchorIndex, { align: "center" });
  }, [anchor, anchorIndex, virtualizer, generation, release]);
}
