/**
 * What the UI says about the scripted model (services/scripted_model): a local stand-in
 * for Claude, used when there are no credentials. It does not read the request, its
 * usage and costs are made up, and two switches in a prompt steer it.
 */

export const SCRIPTED_NOT_READ =
  "Scripted demo: the agents did not read the request. Whatever was asked, the scripted " +
  "model writes the same small greeting module (hello_pilothouse.py with greet()) and notes.";

export const SIMULATED_COST = "simulated, not billed";

/** The switches a prompt may carry for the scripted model (docs/cli.md). */
export const SCRIPTED_SWITCHES: readonly { switch: string; effect: string }[] = [
  { switch: "[scripted:slow]", effect: "the build phase works for 30 s: something to cancel" },
  { switch: "[scripted:fail]", effect: "the first agent fails with an API error" },
];

/** `prompt` with `flag` added at its end, or removed when it is there already. */
export function toggleSwitch(prompt: string, flag: string): string {
  if (prompt.includes(flag)) return prompt.replace(flag, "").replace(/\s+$/, "");
  return prompt.trim() ? `${prompt.replace(/\s+$/, "")} ${flag}` : flag;
}
