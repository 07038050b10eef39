export function nodeFlags(args: readonly string[]): string[]
export const ingestNodeFlags: string[]
export const serveNodeFlags: string[]
