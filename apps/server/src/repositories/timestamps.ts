/** A timestamp as the drivers return it (PGlite and pg format them differently), as ISO-8601 UTC. */
export const toIso = (value: string): string => new Date(value).toISOString();
