// Vitest runs lib/ outside React's server environment: the `server-only` marker (which throws
// anywhere but a server bundle, to catch a client component importing AWS or store code) is
// replaced by this empty module in tests. Next's build still enforces it.
export {};
