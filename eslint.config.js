// ESLint flat config. `npm run lint` = `eslint .`
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  {
    ignores: ["build/", "node_modules/", ".tools/", ".cache/", "playwright-report/", "test-results/", "public/build/"],
  },

  // TypeScript everywhere: the app (server and client), scripts, demo, tests, configs.
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },

  // React components and routes: rendered on the server and hydrated in the browser.
  {
    files: ["app/**/*.tsx"],
    extends: [
      react.configs.flat.recommended,
      react.configs.flat["jsx-runtime"],
      reactHooks.configs["recommended-latest"],
    ],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    settings: { react: { version: "detect" } },
    rules: {
      // Props are typed with TypeScript.
      "react/prop-types": "off",
    },
  },

  // Plain browser scripts served as they are: the theme extension's assets and the demo's
  // App Bridge stand-in. Classic scripts (no modules), browser globals only.
  {
    files: ["extensions/**/assets/*.js", "demo/**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },

  // The widget's panel is an ES module, imported by the every-page script on first interaction.
  {
    files: ["extensions/**/assets/loyalty-panel.js"],
    languageOptions: { sourceType: "module" },
  },

  // This file and any other ESM config at the root.
  {
    files: ["*.js", "*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: { ...globals.node } },
  },
);
