import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    ignores: ["node_modules/**", ".next/**", ".data/**", ".cache/**", "lib/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    // zod (about 31 kB gzipped) once reached every visit page through the check-in form's
    // import of a schema module; components take types from schema modules, values elsewhere.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "zod", message: "zod stays on the server: it would be in the page's first download.", allowTypeImports: true },
            {
              name: "@/lib/intake/questionnaire",
              message: "Its zod schemas would come along: take values from @/lib/intake/question-kinds.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
];

export default config;
