/**
 * The import rules of eslint.config.js hold: a forbidden import placed in a folder is
 * reported by the rule that forbids it, and an allowed one is not. Each case lints a
 * snippet as if it were a file at that path, with the project's own configuration (type
 * information off: the import rules do not need it, and the probe files do not exist).
 */

import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const webui = decodeURIComponent(new URL("..", import.meta.url).pathname);
const eslint = new ESLint({
  cwd: webui,
  overrideConfig: [{ files: ["src/**/*.{ts,tsx}"], ...tseslint.configs.disableTypeChecked }],
});

/** The rule ids ESLint reports for `import * as probe from "<from>"` in a file at `file`. */
async function reported(file: string, from: string): Promise<(string | null)[]> {
  const code = `import * as probe from "${from}";\n\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${webui}${file}` });
  return result.messages.map((message) => message.ruleId);
}

const RESTRICTED = "import-x/no-restricted-paths";

// The first lint loads the configuration, the plugins and the resolver, and follows the
// import graph for no-cycle: seconds on a busy two-core machine, past vitest's default 5 s.
describe("import boundaries", { timeout: 30_000 }, () => {
  it.each([
    [
      "a feature imports another feature",
      "src/features/sessions/Probe.tsx",
      "../session/components/LogView",
    ],
    ["a feature imports another feature's index", "src/features/projects/Probe.tsx", "../sessions"],
    ["a feature imports app/", "src/features/session/Probe.tsx", "../../app/router"],
    ["app/ reaches into a feature", "src/app/Probe.tsx", "../features/session/components/LogView"],
    ["components/ imports a feature", "src/components/Probe.tsx", "../features/session"],
    ["hooks/ imports app/", "src/hooks/Probe.ts", "../app/services"],
    ["lib/ imports a hook", "src/lib/Probe.ts", "../hooks/useNow"],
    ["hooks/ imports components/", "src/hooks/Probe.ts", "../components/Age"],
  ])("reports %s", async (_case, file, from) => {
    expect(await reported(file, from)).toContain(RESTRICTED);
  });

  it.each([
    ["a feature uses its own files", "src/features/session/Probe.tsx", "./components/LogView"],
    ["a feature uses shared code", "src/features/sessions/Probe.tsx", "../../components/Age"],
    ["app/ uses a feature's index", "src/app/Probe.tsx", "../features/session"],
    ["components/ use hooks and lib", "src/components/Probe.tsx", "../hooks/useNow"],
  ])("allows %s", async (_case, file, from) => {
    expect(await reported(file, from)).toEqual([]);
  });

  it("reports an import cycle", async () => {
    // Age.tsx imports hooks/useNow: importing Age back from useNow closes a loop.
    expect(await reported("src/hooks/useNow.ts", "../components/Age")).toContain(
      "import-x/no-cycle",
    );
  });

  it("reports an import the resolver cannot follow, which the path rules would miss", async () => {
    expect(await reported("src/lib/Probe.ts", "./nowhere")).toContain("import-x/no-unresolved");
  });
});
