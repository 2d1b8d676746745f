import { describe, expect, it } from "vitest";
import { agentTime } from "../src/features/session/utils/agentTime";
import { agent } from "./fixtures";

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();

describe("a session's 'ran'", () => {
  it("counts its agents' time, not the idle time between them", () => {
    const agents = [
      agent({ id: 1, started_at: at(0), finished_at: at(2) }),
      agent({ id: 2, started_at: at(2), finished_at: at(4) }),
      // A debug agent two minutes after the session went to review.
      agent({ id: 3, started_at: at(130), finished_at: at(134) }),
    ];
    expect(agentTime(agents, Date.parse(at(500)))).toBe(8_000);
  });

  it("counts a running agent up to now, and a queued one not at all", () => {
    const agents = [
      agent({ id: 1, started_at: at(0), finished_at: at(3) }),
      agent({ id: 2, started_at: at(10), finished_at: null }),
      agent({ id: 3, started_at: null, finished_at: null }),
    ];
    expect(agentTime(agents, Date.parse(at(15)))).toBe(8_000);
  });
});
