import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/lib/feed/backoff";
import { compareTokens, laterToken, parseToken } from "../src/lib/feed/position";

describe("feed tokens", () => {
  it("order by xid first, then id", () => {
    expect(compareTokens("5-100", "6-1")).toBeLessThan(0);
    expect(compareTokens("6-2", "6-10")).toBeLessThan(0); // numeric, not lexicographic
    expect(compareTokens("6-10", "6-10")).toBe(0);
    expect(compareTokens("7-1", "6-999")).toBeGreaterThan(0);
  });

  it("handles xids past 2^53 exactly", () => {
    expect(compareTokens("9007199254740993-1", "9007199254740992-1")).toBeGreaterThan(0);
  });

  it("refuses malformed tokens", () => {
    expect(() => parseToken("abc")).toThrow(/invalid feed token/);
    expect(() => parseToken("1-")).toThrow();
  });

  it("picks the later of two, either possibly null", () => {
    expect(laterToken(null, "1-2")).toBe("1-2");
    expect(laterToken("1-2", null)).toBe("1-2");
    expect(laterToken("1-2", "1-3")).toBe("1-3");
    expect(laterToken("2-0", "1-3")).toBe("2-0");
  });
});

describe("reconnect backoff", () => {
  it("grows exponentially up to the cap and never reaches zero", () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect(backoffDelay(0, low)).toBe(125);
    expect(backoffDelay(0, high)).toBe(250);
    expect(backoffDelay(3, low)).toBe(1000);
    expect(backoffDelay(30, high)).toBe(8000);
    expect(backoffDelay(30, low)).toBe(4000);
  });

  it("is jittered: different draws give different delays", () => {
    expect(backoffDelay(4, () => 0.1)).not.toBe(backoffDelay(4, () => 0.9));
  });
});
