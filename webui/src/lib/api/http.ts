/** Fetching JSON from either service, with errors that carry the server's message. */

import type { ErrorBody } from "./types";

/** A failed request: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | null;

  constructor(status: number, message: string, body: ErrorBody | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorBody).detail === "string" &&
    typeof (value as ErrorBody).status_code === "number"
  );
}

/**
 * The user-facing message of an ErrorBody: the detail, plus the field errors it does not
 * already say. The orchestrator's refusals repeat their detail as the field's message
 * ("… is already registered as 'demo'"): said once, not twice.
 */
export function describeErrorBody(body: ErrorBody): string {
  const extra = body.extra;
  if (!Array.isArray(extra)) return body.detail;
  // Litestar lists field errors as {message, key, source}: name the field.
  const parts: string[] = [];
  for (const item of extra) {
    if (typeof item !== "object" || item === null) {
      parts.push(JSON.stringify(item));
      continue;
    }
    const { message, key } = item as { message?: unknown; key?: unknown };
    if (typeof message !== "string") parts.push(JSON.stringify(item));
    else if (body.detail.includes(message)) continue;
    else if (typeof key === "string" && key && !message.includes(key))
      parts.push(`${key}: ${message}`);
    else parts.push(message);
  }
  return parts.length ? `${body.detail}: ${parts.join("; ")}` : body.detail;
}

/** Turn a non-2xx response into an ApiError with the server's own words. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (isErrorBody(body)) {
    return new ApiError(response.status, describeErrorBody(body), body);
  }
  const fallback = text.trim().slice(0, 300) || response.statusText || "request failed";
  return new ApiError(response.status, `${response.status}: ${fallback}`);
}

/** fetch() that turns network failures and non-2xx answers into ApiError. */
export async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(0, `cannot reach ${new URL(url, location.href).origin}: ${reason}`);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** The JSON body of a successful request (see fetchOk). */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetchOk(url, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A query string from the defined, non-empty values of `params`. */
export function query(
  params: Record<string, string | number | boolean | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
