import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/lib/feed/backoff";
import { compareTokens, laterToken, parseToken } from "../src/lib/feed/position";

describe("feed tokens", () => {
  it("order by position, numerically", () => {
    expect(compareTokens("5", "6")).toBeLessThan(0);
    expect(compareTokens("9", "10")).toBeLessThan(0); // numeric, not lexicographic
    expect(compareTokens("10", "10")).toBe(0);
    expect(compareTokens("1000", "999")).toBeGreaterThan(0);
  });

  it("handles positions past 2^53 exactly", () => {
    expect(compareTokens("9007199254740993", "9007199254740992")).toBeGreaterThan(0);
  });

  it("refuses malformed tokens", () => {
    expect(() => parseToken("abc")).toThrow(/invalid feed token/);
    expect(() => parseToken("1-2")).toThrow();
    expect(() => parseToken("")).toThrow();
  });

  it("picks the later of two, either possibly null", () => {
    expect(laterToken(null, "2")).toBe("2");
    expect(laterToken("2", null)).toBe("2");
    expect(laterToken("2", "3")).toBe("3");
    expect(laterToken("20", "3")).toBe("20");
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
