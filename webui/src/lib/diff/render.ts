/**
 * Drawing unified diffs with diff2html: one place that knows the library's configuration.
 * diff2html escapes the patch's text itself; highlight.js (the slim bundle's languages,
 * picked by file extension) colours it after drawing.
 */

import { Diff2HtmlUI } from "diff2html/lib-esm/ui/js/diff2html-ui-slim.js";
import { ColorSchemeType } from "diff2html/lib-esm/types.js";
import "diff2html/bundles/css/diff2html.min.css";

/** Unified (one column) or side by side (old left, new right). */
export type DiffLayout = "unified" | "split";

/** Draw `patch` into `target`, replacing what it held. */
export function drawDiff(target: HTMLElement, patch: string, layout: DiffLayout): void {
  const ui = new Diff2HtmlUI(target, patch, {
    outputFormat: layout === "split" ? "side-by-side" : "line-by-line",
    drawFileList: false,
    matching: "lines",
    // Past this, word-level matching costs more than it shows.
    matchingMaxComparisons: 2500,
    maxLineLengthHighlight: 2000,
    diffStyle: "word",
    colorScheme: ColorSchemeType.AUTO,
    highlight: true,
    synchronisedScroll: true,
    fileListToggle: false,
    fileContentToggle: false,
    stickyFileHeaders: false,
    smartSelection: true,
    renderNothingWhenEmpty: false,
  });
  ui.draw(); // highlights too
}
