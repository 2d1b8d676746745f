import { describe, expect, it } from "vitest";
import { atEnd, Follower } from "../src/features/session/utils/follow";

/** A scroll box whose sizes a test changes, with the browser's clamping of scrollTop. */
class Box {
  private top = 0;
  scrollHeight: number;
  clientHeight: number;
  constructor(content: number, view: number) {
    this.scrollHeight = content;
    this.clientHeight = view;
  }
  get scrollTop(): number {
    return this.top;
  }
  set scrollTop(value: number) {
    this.top = Math.min(Math.max(0, value), Math.max(0, this.scrollHeight - this.clientHeight));
  }
}

function following(box: Box) {
  const changes: boolean[] = [];
  const follower = new Follower(box, (now) => changes.push(now));
  box.scrollTop = box.scrollHeight; // opened at the end
  follower.scrolled();
  return { follower, changes };
}

describe("following the log's end", () => {
  it("stays at the end when the box shrinks, as when a form opens above the log", () => {
    const box = new Box(5000, 600);
    const { follower } = following(box);
    box.clientHeight = 300; // no scroll event: only the observer hears of it
    expect(atEnd(box)).toBe(false);
    follower.resized();
    expect(atEnd(box)).toBe(true);
    expect(follower.following).toBe(true);
  });

  it("stays at the end as content grows", () => {
    const box = new Box(5000, 600);
    const { follower } = following(box);
    box.scrollHeight = 5400;
    follower.resized();
    expect(box.scrollTop).toBe(4800);
  });

  it("stops when scrolled away, says so, and leaves the view where the user put it", () => {
    const box = new Box(5000, 600);
    const { follower, changes } = following(box);
    box.scrollTop = 1000;
    follower.scrolled();
    expect(follower.following).toBe(false);
    expect(changes).toEqual([false]);
    box.clientHeight = 300;
    box.scrollHeight = 6000;
    follower.resized();
    expect(box.scrollTop).toBe(1000);
  });

  it("follows again after a jump to the latest, or a scroll back to the end", () => {
    const box = new Box(5000, 600);
    const { follower, changes } = following(box);
    box.scrollTop = 0;
    follower.scrolled();
    follower.jump();
    expect(atEnd(box)).toBe(true);
    expect(changes).toEqual([false, true]);
    box.scrollTop = 0;
    follower.scrolled();
    box.scrollTop = 4390; // 10 px from the end counts as the end
    follower.scrolled();
    expect(follower.following).toBe(true);
  });
});
