/**
 * Every open tab watches every session, on a feed connection of its own: when one comes
 * to need an answer (a supervised agent's permission request), fails or awaits review,
 * the tab's title and icon are marked with how many did since the user last looked, and a
 * desktop notification is raised (once the user allows them). Looking at the tab clears
 * the mark.
 */

import { useCallback, useEffect, useRef, useState } from "react";
import { markIcon, markTitle } from "../lib/attentionMarks";
import { attentionFor, notify } from "../lib/attentionNotes";
import type { Seen } from "../lib/attentionNotes";
import { listSessions } from "../lib/api/read";
import { FeedConnection } from "../lib/feed/connection";

type Permission = NotificationPermission | "unsupported";

function permissionNow(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

export interface Attention {
  /** Sessions that came to need the user since the tab was last looked at. */
  count: number;
  /** Whether one of those needs an answer to a permission request. */
  answers: boolean;
  /** Whether the tab watches the sessions yet: changes from now on are noticed. */
  watching: boolean;
  permission: Permission;
  /** Ask the browser for permission to raise desktop notifications. */
  allow: () => void;
  /** The user has looked: the mark goes. */
  clear: () => void;
}

export function useAttention(feedUrl: string): Attention {
  const [count, setCount] = useState(0);
  const [answers, setAnswers] = useState(false);
  const [watching, setWatching] = useState(false);
  const [permission, setPermission] = useState<Permission>(permissionNow);
  const counted = useRef(0);
  const seen = useRef(new Map<number, Seen>());

  useEffect(() => {
    const feed = new FeedConnection({ url: feedUrl });
    let unsubscribe: (() => void) | null = null;
    let current = true;
    // Requests pending when the tab opens are known already: only new ones ring.
    listSessions({ needsYou: true }, null, 100).then(
      (page) => {
        if (!current) return;
        for (const s of page.items)
          seen.current.set(s.id, { status: s.status, pending: s.pending_requests ?? 0 });
        feed.start();
        setWatching(true);
        unsubscribe = feed.subscribe("sessions", page.token, {
          onEvents: (events) => {
            for (const event of events) {
              if (event.kind !== "session_changed") continue;
              const session = event.payload;
              const kind = attentionFor(seen.current.get(session.id), session);
              seen.current.set(session.id, {
                status: session.status,
                pending: session.pending_requests ?? 0,
              });
              if (kind === null) continue;
              counted.current += 1;
              setCount(counted.current);
              if (kind === "needs an answer") setAnswers(true);
              notify(session, kind);
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
    setAnswers(false);
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
    markIcon(count > 0);
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

  return { count, answers, watching, permission, allow, clear };
}
