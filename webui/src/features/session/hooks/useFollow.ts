/**
 * Keeps the log at its newest event while it follows, through any layout change: a
 * ResizeObserver watches the scroll box and its content, so a form that opens above the
 * log, a window resize or rows measured taller all keep the end in view.
 */

import { useCallback, useEffect, useRef, useState } from "react";
import type { RefObject } from "react";
import { Follower } from "../utils/follow";

export interface Follow {
  following: boolean;
  /** Give to the box's onScroll. */
  scrolled: () => void;
  /** Go to the newest event and follow again. */
  jump: () => void;
  /** Stop following (the log is shown at one event, such as a search match). */
  release: () => void;
}

export function useFollow(
  box: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
): Follow {
  const [following, setFollowing] = useState(true);
  const follower = useRef<Follower | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const current = new Follower(element, setFollowing);
    follower.current = current;
    const observer = new ResizeObserver(() => current.resized());
    observer.observe(element);
    if (content.current) observer.observe(content.current);
    return () => {
      observer.disconnect();
      if (follower.current === current) follower.current = null;
    };
  }, [box, content]);

  const scrolled = useCallback(() => follower.current?.scrolled(), []);
  const jump = useCallback(() => follower.current?.jump(), []);
  const release = useCallback(() => follower.current?.release(), []);
  return { following, scrolled, jump, release };
}
