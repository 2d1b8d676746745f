/**
 * How a tab shows that sessions need the user: a count before its title, and a dot on
 * its icon. Pages set their own titles; the mark is put back on whatever they set.
 */

const MARK = /^\(\d+\) /;
const DOT = "<circle cx='12.5' cy='3.5' r='3.5' fill='%23c9302c' stroke='white' stroke-width='1'/>";

export function markTitle(count: number): void {
  const plain = document.title.replace(MARK, "");
  const wanted = count > 0 ? `(${count}) ${plain}` : plain;
  if (document.title !== wanted) document.title = wanted;
}

let plainIcon: string | null = null;

/** Put a red dot on the tab's icon (an SVG data URL), or take it away. */
export function markIcon(marked: boolean): void {
  const link = document.querySelector<HTMLLinkElement>("link[rel~='icon']");
  if (!link) return;
  plainIcon ??= link.getAttribute("href");
  if (plainIcon === null || !plainIcon.includes("</svg>")) return;
  const wanted = marked ? plainIcon.replace("</svg>", `${DOT}</svg>`) : plainIcon;
  if (link.getAttribute("href") !== wanted) link.setAttribute("href", wanted);
  link.dataset.marked = marked ? "true" : "false";
}
