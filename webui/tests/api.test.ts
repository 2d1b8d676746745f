// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CommandClient } from "../src/lib/api/commands";
import { ApiError, errorFromResponse, query } from "../src/lib/api/http";
import { TokenStore } from "../src/lib/api/token";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("errors in the server's words", () => {
  it("names the field of a validation error", async () => {
    const error = await errorFromResponse(
      json(400, {
        status_code: 400,
        detail: "Validation failed for POST /api/sessions",
        extra: [{ message: "Expected `str` of length <= 200", key: "title", source: "body" }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "Validation failed for POST /api/sessions: title: Expected `str` of length <= 200",
    );
  });

  it("says a refusal's message once, though its field repeats it", async () => {
    const said = "/p/demo is already registered as 'demo'";
    const error = await errorFromResponse(
      json(409, { status_code: 409, detail: said, extra: [{ key: "path", message: said }] }),
    );
    expect(error.message).toBe(said);
  });

  it("uses the detail alone when there is no field list", async () => {
    const error = await errorFromResponse(
      json(404, { status_code: 404, detail: "no project 'x'" }),
    );
    expect(error.message).toBe("no project 'x'");
  });

  it("still says something for a body that is not an ErrorBody", async () => {
    const error = await errorFromResponse(new Response("Bad Gateway", { status: 502 }));
    expect(error.message).toBe("502: Bad Gateway");
  });

  it("builds query strings from the defined values only", () => {
    expect(query({ a: 1, b: null, c: undefined, d: "", e: false })).toBe("?a=1&e=false");
    expect(query({})).toBe("");
  });
});

describe("TokenStore", () => {
  beforeEach(() => localStorage.clear());

  it("takes #token= from the address, keeps it, and strips it", () => {
    history.replaceState(null, "", "/sessions/3?agent=4#token=s3cret");
    const store = new TokenStore(localStorage);
    store.captureFromUrl(location, history);
    expect(store.token).toBe("s3cret");
    expect(location.pathname + location.search + location.hash).toBe("/sessions/3?agent=4");
    expect(new TokenStore(localStorage).token).toBe("s3cret");
  });

  it("ignores a token in the query, where servers would log it", () => {
    localStorage.clear();
    history.replaceState(null, "", "/?token=leaked");
    const store = new TokenStore(localStorage);
    store.captureFromUrl(location, history);
    expect(store.token).toBeNull();
  });

  it("forgets a refused token and says why", () => {
    const store = new TokenStore(localStorage);
    store.set("old");
    store.reject("401: bad token");
    expect(store.snapshot).toEqual({ kind: "rejected", message: "401: bad token" });
    expect(localStorage.getItem("pilothouse.token")).toBeNull();
  });
});

describe("CommandClient", () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    localStorage.clear();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends the bearer token to the configured orchestrator", async () => {
    const tokens = new TokenStore(localStorage);
    tokens.set("tok");
    fetchMock.mockResolvedValue(json(202, { id: 5, slug: "s-5", status: "queued", token: "1" }));
    const client = new CommandClient(tokens, () => Promise.resolve("http://127.0.0.1:8001/"));
    const accepted = await client.retry(5, "plan");
    expect(accepted.id).toBe(5);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("http://127.0.0.1:8001/api/sessions/5/retry");
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer tok");
    expect(init?.body).toBe(JSON.stringify({ phase: "plan" }));
  });

  it("asks for a token again when the orchestrator answers 401", async () => {
    const tokens = new TokenStore(localStorage);
    tokens.set("wrong");
    fetchMock.mockResolvedValue(
      json(401, { status_code: 401, detail: "missing or wrong bearer token" }),
    );
    const client = new CommandClient(tokens, () => Promise.resolve("http://o"));
    await expect(client.cancel(1)).rejects.toThrow("missing or wrong bearer token");
    expect(tokens.snapshot.kind).toBe("rejected");
  });

  it("refuses to send without a token", async () => {
    const client = new CommandClient(new TokenStore(localStorage), () =>
      Promise.resolve("http://o"),
    );
    await expect(client.cancel(1)).rejects.toBeInstanceOf(ApiError);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("reports an unreachable orchestrator as such", async () => {
    const tokens = new TokenStore(localStorage);
    tokens.set("tok");
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const client = new CommandClient(tokens, () => Promise.resolve("http://127.0.0.1:8001"));
    await expect(client.resume(1)).rejects.toThrow(
      "cannot reach http://127.0.0.1:8001: Failed to fetch",
    );
  });
});
