/**
 * Find in the whole log, not just the rendered rows: the server finds the previous or
 * next match (the events endpoint with `q` and `limit=1`), and the page moves the log
 * there, loading it around the match when it is not held.
 */

import { useState } from "react";
import type { FormEvent } from "react";
import { listEvents } from "../../../lib/api/read";
import type { LogFilter } from "../../../lib/api/read";

interface Props {
  session: number;
  /** Where the search goes from: the current match, or the ends of the log. */
  current: number | null;
  /** The newest position delivered, where "previous" starts without a current match. */
  liveEnd: string;
  filter: LogFilter;
  initial: string;
  onFound: (position: number, words: string) => void;
}

type Direction = "previous" | "next";

const BUTTONS: { direction: Direction; mark: string; label: string; title: string }[] = [
  { direction: "previous", mark: "↑", label: "Previous match", title: "Previous match (older)" },
  { direction: "next", mark: "↓", label: "Next match", title: "Next match (newer)" },
];

export function LogSearch({ session, current, liveEnd, filter, initial, onFound }: Props) {
  const [words, setWords] = useState(initial);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async (direction: Direction) => {
    const text = words.trim();
    if (!text) return;
    setBusy(true);
    setNote(null);
    try {
      const from =
        direction === "previous"
          ? { before: current !== null ? String(current - 1) : liveEnd }
          : { after: current !== null ? String(current) : "0" };
      const page = await listEvents({ session }, { ...from, q: text, filter, limit: 1 });
      const match = direction === "previous" ? page.items.at(-1) : page.items[0];
      if (match) onFound(match.position, text);
      else setNote(direction === "previous" ? "no match above" : "no match below");
    } catch (error) {
      setNote(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void find("previous");
  };

  return (
    <form className="log-search" role="search" onSubmit={submit}>
      <input
        type="search"
        aria-label="Find in this session's log"
        placeholder="Find in the log"
        value={words}
        onChange={(e) => setWords(e.target.value)}
      />
      {BUTTONS.map(({ direction, mark, label, title }) => (
        <button
          key={direction}
          type="button"
          className="button"
          title={title}
          aria-label={label}
          disabled={busy}
          onClick={() => void find(direction)}
        >
          {mark}
        </button>
      ))}
      {note && (
        <span className="muted" role="status" data-testid="log-search-note">
          {note}
        </span>
      )}
    </form>
  );
}
