/**
 * A unified diff drawn by diff2html, unified or side by side, syntax-highlighted. The
 * renderer and its highlighter load with the first diff shown, not with the app.
 */

import { useEffect, useRef } from "react";
import type { DiffLayout } from "../lib/diff/render";

interface Props {
  patch: string;
  layout: DiffLayout;
  /** A label for the region (the file's path), for screen readers and tests. */
  label: string;
}

export function DiffView({ patch, layout, label }: Props) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let current = true;
    void import("../lib/diff/render").then(({ drawDiff }) => {
      if (current && target.current) drawDiff(target.current, patch, layout);
    });
    return () => {
      current = false;
    };
  }, [patch, layout]);
  return (
    <div
      ref={target}
      className={`diff-view diff-${layout}`}
      role="region"
      aria-label={label}
      data-testid="diff-view"
      data-layout={layout}
    />
  );
}

/** The choice between the two layouts, as a pair of toggle buttons. */
export function DiffLayoutToggle({
  layout,
  onChange,
}: {
  layout: DiffLayout;
  onChange: (layout: DiffLayout) => void;
}) {
  const options: [DiffLayout, string][] = [
    ["unified", "Unified"],
    ["split", "Side by side"],
  ];
  return (
    <span className="segmented" role="group" aria-label="Diff layout">
      {options.map(([value, text]) => (
        <button
          key={value}
          type="button"
          className={`chip ${layout === value ? "chip-on" : ""}`}
          aria-pressed={layout === value}
          onClick={() => onChange(value)}
        >
          {text}
        </button>
      ))}
    </span>
  );
}
