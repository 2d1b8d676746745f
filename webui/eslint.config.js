import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Imports run one way: shared (lib/ → hooks/ → components/) → features/ → app/.
// Every folder under src/features is a feature: it may import its own files and shared code,
// never another feature's.
const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const ONE_WAY = "Imports run one way: lib/ → hooks/ → components/ → features/ → app/.";

/** The layer rules: which folder may import which (paths resolved from this directory). */
const boundaries = {
  files: ["src/**/*.{ts,tsx}"],
  plugins: { "import-x": importX },
  settings: {
    // Read .ts/.tsx files with the TypeScript parser (no-cycle follows their imports too).
    "import-x/extensions": [".ts", ".tsx", ".js"],
    "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    "import-x/resolver-next": [createTypeScriptImportResolver()],
  },
  rules: {
    // An import the resolver cannot follow would slip past no-restricted-paths unseen.
    "import-x/no-unresolved": "error",
    "import-x/no-cycle": ["error", { ignoreExternal: true }],
    "import-x/no-restricted-paths": [
      "error",
      {
        basePath: import.meta.dirname,
        zones: [
          {
            target: ["./src/lib", "./src/hooks", "./src/components"],
            from: ["./src/features", "./src/app"],
            message: `Shared code may not import features/ or app/. ${ONE_WAY}`,
          },
          {
            target: "./src/lib",
            from: ["./src/hooks", "./src/components"],
            message: `lib/ is plain TypeScript: it may not import hooks/ or components/. ${ONE_WAY}`,
          },
          {
            target: "./src/hooks",
            from: "./src/components",
            message: `hooks/ may not import components/. ${ONE_WAY}`,
          },
          {
            target: "./src/features",
            from: "./src/app",
            message: `A feature may not import app/. ${ONE_WAY}`,
          },
          ...features.map((feature) => ({
            target: `./src/features/${feature}`,
            from: "./src/features",
            except: [`./${feature}`],
            message:
              `features/${feature} may not import another feature: ` +
              "move what both need to components/, hooks/ or lib/, or compose them in app/.",
          })),
          {
            target: "./src/app",
            from: "./src/features",
            except: features.map((feature) => `./${feature}/index.ts`),
            message: "app/ uses a feature only through its index.ts, never its internals.",
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  // src/lib/api/generated is written by `make types` (openapi-typescript), not by hand.
  { ignores: ["dist", "node_modules", "coverage", "src/lib/api/generated"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  reactHooks.configs.flat["recommended-latest"],
  {
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always"],
    },
  },
  boundaries,
  {
    files: ["eslint.config.js", "vite.config.ts", "scripts/**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: false, project: null },
    },
  },
);
