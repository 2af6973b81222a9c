// A one-credential inventory (credential T of bot persona t-bot on forge f) for CLI tests.

/** What varies between tests: the forge url, the credential's scopes and extra keys, and settings. */
export interface TestInventory {
  url: string;
  /** YAML flow list, e.g. `[read:user, write:repository]`. */
  scopes?: string;
  /** Further keys of the credential, each line indented four spaces and ending in a newline. */
  body?: string;
  timeoutSeconds?: number;
  retries?: number;
}

/** The inventory text. */
export function testInventory(o: TestInventory): string {
  return `version: 1
forges: { f: { type: gitea, url: "${o.url}" } }
personas: { t-bot: { kind: bot } }
credentials:
  T:
    forge: f
    source: { env: T }
    persona: t-bot
    scopes: ${o.scopes ?? '[read:user, write:repository]'}
${o.body ?? ''}settings: { timeoutSeconds: ${o.timeoutSeconds ?? 2}, retries: ${o.retries ?? 1}, concurrency: 4 }
`;
}
