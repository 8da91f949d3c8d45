// Stands in for `server-only` under Vitest, which is not a React Server Components
// bundler: the real package throws outside one.
export {};
