/**
 * Every open tab watches every session, on a feed connection of its own: when one fails
 * or awaits review, the tab's title is marked with how many did since the user last
 * looked, and a desktop notification is raised (once the user allows them). Looking at
 * the tab clears the mark.
 */

import { useCallback, useEffect, useRef, useState } from "react";
import { listSessions } from "../lib/api/read";
import type { SessionView } from "../lib/api/types";
import { FeedConnection } from "../lib/feed/connection";

/** Statuses that need the user. */
export const NEEDS_YOU = new Set<string>(["failed", "awaiting_review"]);
const MARK = /^\(\d+\) /;

type Permission = NotificationPermission | "unsupported";

function permissionNow(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

function markTitle(count: number) {
  const plain = document.title.replace(MARK, "");
  const wanted = count > 0 ? `(${count}) ${plain}` : plain;
  if (document.title !== wanted) document.title = wanted;
}

function notify(session: SessionView) {
  if (permissionNow() !== "granted") return;
  const what = session.status === "failed" ? "failed" : "awaits your review";
  const note = new Notification(`Pilothouse: ${session.title}`, {
    body: `Session ${session.slug} ${what}.`,
    tag: `pilothouse-session-${session.id}-${session.status}`,
  });
  note.onclick = () => {
    window.focus();
    location.assign(`/sessions/${session.id}`);
  };
}

export interface Attention {
  /** Sessions that came to need the user since the tab was last looked at. */
  count: number;
  permission: Permission;
  /** Ask the browser for permission to raise desktop notifications. */
  allow: () => void;
  /** The user has looked: the mark goes. */
  clear: () => void;
}

export function useAttention(feedUrl: string): Attention {
  const [count, setCount] = useState(0);
  const [permission, setPermission] = useState<Permission>(permissionNow);
  const counted = useRef(0);
  const seen = useRef(new Map<number, string>());

  useEffect(() => {
    const feed = new FeedConnection({ url: feedUrl });
    let unsubscribe: (() => void) | null = null;
    let current = true;
    listSessions({}, null, 1).then(
      (page) => {
        if (!current) return;
        feed.start();
        unsubscribe = feed.subscribe("sessions", page.token, {
          onEvents: (events) => {
            for (const event of events) {
              if (event.kind !== "session_changed") continue;
              const session = event.payload;
              if (seen.current.get(session.id) === session.status) continue;
              seen.current.set(session.id, session.status);
              if (!NEEDS_YOU.has(session.status)) continue;
              counted.current += 1;
              setCount(counted.current);
              notify(session);
            }
          },
        });
      },
      () => undefined, // The page itself reports a read service it cannot reach.
    );
    return () => {
      current = false;
      unsubscribe?.();
      feed.stop();
    };
  }, [feedUrl]);

  const clear = useCallback(() => {
    counted.current = 0;
    setCount(0);
  }, []);

  useEffect(() => {
    // Coming back to the tab is looking at it.
    const back = () => document.visibilityState === "visible" && clear();
    document.addEventListener("visibilitychange", back);
    window.addEventListener("focus", back);
    return () => {
      document.removeEventListener("visibilitychange", back);
      window.removeEventListener("focus", back);
    };
  }, [clear]);

  useEffect(() => {
    markTitle(count);
    // Pages set their own titles: keep the mark on whatever they set.
    const title = document.querySelector("title");
    if (!title) return;
    const observer = new MutationObserver(() => markTitle(count));
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => observer.disconnect();
  }, [count]);

  const allow = useCallback(() => {
    if (permissionNow() === "unsupported") return;
    void Notification.requestPermission().then(setPermission);
  }, []);

  return { count, permission, allow, clear };
}
