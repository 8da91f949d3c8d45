// Secrets the app reads from its environment, fixed for tests. Never used outside them.
process.env.AUTH_SECRET ??= "test-only-auth-secret-0123456789abcdefghijklmnop";
