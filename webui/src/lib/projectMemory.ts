/**
 * Which project the user is working on: the one whose sessions or session page they last
 * viewed, or on which they last started a session. The New-session form defaults to it
 * (issue 16: a form defaulting to the alphabetically first project ran work on the
 * wrong project).
 */

const STORAGE_KEY = "pilothouse.project";

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled: nothing remembered, nothing breaks
  }
}

/** Remember `slug` as the project in view or last used. */
export function rememberProject(slug: string): void {
  storage()?.setItem(STORAGE_KEY, slug);
}

/** The project last in view or used, if any. */
export function rememberedProject(): string | null {
  return storage()?.getItem(STORAGE_KEY) ?? null;
}

/**
 * The project the New-session form starts on: the one the address names, else the one
 * remembered, else the first; each only when it is among `choices` (slugs, in order).
 */
export function defaultProject(
  choices: readonly string[],
  requested: string | null,
  remembered: string | null,
): string {
  for (const candidate of [requested, remembered]) {
    if (candidate && choices.includes(candidate)) return candidate;
  }
  return choices[0] ?? "";
}
