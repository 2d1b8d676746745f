/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the UI with hot reload and forwards the API and the WebSocket
// to a read service on 127.0.0.1:8000 (override with PILOTHOUSE_READ_URL).
const readService = process.env.PILOTHOUSE_READ_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      "/api": readService,
      "/ws": { target: readService.replace(/^http/, "ws"), ws: true },
    },
  },
  test: {
    environment: "node", // files that need a DOM say so: @vitest-environment jsdom
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    // Type-level tests (the generated wire types narrow by kind): run through tsc.
    typecheck: { enabled: true, include: ["tests/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // `npm test` prints a summary over every source file, tested or not; no threshold yet.
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      exclude: ["src/lib/api/generated/**"], // types only, written by `make types`
      reporter: ["text-summary"],
    },
  },
});
