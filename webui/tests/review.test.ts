import { describe, expect, it } from "vitest";
import { approveBody, refusalOf, reviewChoices } from "../src/features/session/utils/review";
import { ApiError } from "../src/lib/api/http";
import { session } from "./fixtures";

const isolated = { isolated: true, branch: "pilothouse/s-1", base_ref: "main", base_commit: "abc" };

describe("reviewChoices", () => {
  it("offers every review command to an isolated session in review", () => {
    const choices = reviewChoices(session({ ...isolated, status: "awaiting_review" }));
    expect(choices).toEqual({ approve: true, resolve: true, discard: true, keep: true });
  });

  it("offers no approve without a base branch (a commit base) and none once stopped", () => {
    expect(
      reviewChoices(session({ ...isolated, base_ref: null, status: "awaiting_review" })),
    ).toEqual({ approve: false, resolve: false, discard: true, keep: true });
    expect(reviewChoices(session({ ...isolated, status: "failed" }))).toEqual({
      approve: false,
      resolve: false,
      discard: true,
      keep: true,
    });
  });

  it("offers nothing to a running, closed or not isolated session", () => {
    const none = { approve: false, resolve: false, discard: false, keep: false };
    for (const status of ["running", "queued", "merged", "discarded", "kept"] as const)
      expect(reviewChoices(session({ ...isolated, status }))).toEqual(none);
    expect(reviewChoices(session({ status: "awaiting_review", isolated: false }))).toEqual(none);
  });
});

describe("approveBody", () => {
  it("sends an edited message, and leaves a suggested one to the server's default", () => {
    expect(approveBody("squash", "  Add greet  ", "Add greet")).toEqual({ strategy: "squash" });
    expect(approveBody("merge", "", "Add greet")).toEqual({ strategy: "merge" });
    expect(approveBody("squash", "Greet by name\n", "Add greet")).toEqual({
      strategy: "squash",
      message: "Greet by name",
    });
  });

  it("never sends a message with rebase", () => {
    expect(approveBody("rebase", "Greet by name", "Add greet")).toEqual({ strategy: "rebase" });
  });
});

describe("refusalOf", () => {
  const body = (extra: unknown) => ({ status_code: 409, detail: "refused", extra }) as never;

  it("reads the reason and files of a refused approve, with a hint", () => {
    const error = new ApiError(409, "conflicts", body({ reason: "conflict", files: ["a.py", 3] }));
    expect(refusalOf(error)).toEqual({
      reason: "conflict",
      message: "conflicts",
      files: ["a.py"],
      hint: expect.stringContaining("resolve") as string,
    });
  });

  it("is null for any other error", () => {
    expect(refusalOf(new ApiError(409, "busy", body(null)))).toBeNull();
    expect(refusalOf(new ApiError(400, "bad", body({ reason: "conflict" })))).toBeNull();
    expect(refusalOf(new Error("network"))).toBeNull();
  });
});
