/**
 * Following the end of a scroll box: while it follows, any change of the box's size or
 * of its content's keeps it at the end; a scroll away stops it, a scroll back (or a jump)
 * starts it again. Whether the box is at its end is read from the box at each scroll, not
 * remembered from the last one: a layout change (a form opening above the log) moves the
 * end without any scroll event.
 */

/** Within this many pixels of the bottom counts as the end. */
export const AT_END_PX = 40;

/** The scroll box as the follower sees it (an HTMLElement in the page). */
export interface ScrollBox {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

export function atEnd(box: ScrollBox): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= AT_END_PX;
}

export class Follower {
  private followingNow = true;
  private readonly box: ScrollBox;
  private readonly onChange: (following: boolean) => void;

  constructor(box: ScrollBox, onChange: (following: boolean) => void) {
    this.box = box;
    this.onChange = onChange;
  }

  get following(): boolean {
    return this.followingNow;
  }

  /** The box scrolled (the user, or the follower itself): follow if it is at its end. */
  scrolled(): void {
    this.set(atEnd(this.box));
  }

  /** The box or its content changed size: keep the end in view if following. */
  resized(): void {
    if (this.followingNow) this.toEnd();
  }

  /** "Jump to latest": go to the end and follow from there. */
  jump(): void {
    this.set(true);
    this.toEnd();
  }

  /** Stop following until the next scroll to the end or jump. */
  release(): void {
    this.set(false);
  }

  private toEnd(): void {
    this.box.scrollTop = Math.max(0, this.box.scrollHeight - this.box.clientHeight);
  }

  private set(following: boolean): void {
    if (following === this.followingNow) return;
    this.followingNow = following;
    this.onChange(following);
  }
}
