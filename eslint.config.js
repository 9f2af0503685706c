// Lint config: typescript-eslint's strict type-checked rules, zero warnings allowed (npm run lint),
// and the layers' import directions (README "How it is built"); cycles are checked by
// test/architecture/imports.test.ts, which sees type imports too.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The transports: none imports another (each bot's process loads only its own client library). */
const TRANSPORTS = ["irc", "mastodon", "matrix", "web", "console"];

/** no-restricted-imports for `files`, with these import path patterns refused and why. */
const refuse = (files, groups) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: groups.map(([group, message]) => ({ group, message })) }] },
});

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "formatters/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      // Type information from tsconfig.json, which includes every linted .ts file (bots, formatters,
      // config, test, bench); the project service finds it as the nearest tsconfig.json.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        Buffer: "readonly",
        URL: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-control-regex": "off",
      eqeqeq: ["error", "smart"],
      // Numbers and booleans print unambiguously in a template; objects, null and undefined still do not pass.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // A callback's shorthand body may be a void call, `(l) => out.write(l)`; a void value used anywhere else is still reported.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
    },
  },
  // Plain JavaScript (this file, the browser page's script, the package export shim, the image build's slim-zeromq) is in no tsconfig:
  // linted without type information.
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  // Formatters are pure: no I/O, no logging, so never the bots or the config; nor any npm package,
  // since fedmsg-echo-formatters is published with no dependencies (formatters/README.md).
  {
    files: ["formatters/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/bots/**", "**/config/**"],
              message: "formatters/ never imports bots/ or config/ (README: the formatter library is pure)",
            },
            {
              regex: "^(?!\\.{1,2}/|node:)",
              message: "formatters/ imports only its own files and node: built-ins (the package has no dependencies)",
            },
          ],
        },
      ],
    },
  },
  // Outside the library, the formatters' one door is formatters/index.js (the package's export).
  refuse(
    ["bots/**/*.ts", "config/**/*.ts"],
    [[["**/formatters/**", "!**/formatters/index.js"], "import the formatter library through formatters/index.js only"]],
  ),
  ...TRANSPORTS.map((t) =>
    refuse(
      [`bots/${t}/**/*.ts`],
      [
        [["**/formatters/**", "!**/formatters/index.js"], "import the formatter library through formatters/index.js only"],
        [
          TRANSPORTS.filter((o) => o !== t).map((o) => `**/${o}/**`),
          `bots/${t}/ never imports another transport (${TRANSPORTS.join(", ")})`,
        ],
      ],
    ),
  ),
);
