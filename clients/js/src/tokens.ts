// Where the connect's token comes from (PROTOCOL §7): the fixed one, or the application's
// getToken() asked before every connect, except once after a refusal, when the different token
// it gave then is used.
import { GatehouseError, describe } from "./errors.js";

export class TokenSource {
  private prepared: string | undefined;

  constructor(private readonly fixed: string | undefined, private readonly source: (() => Promise<string> | string) | undefined) {}

  /** Whether there is a getToken() to ask (else the token is fixed). */
  get renewable(): boolean {
    return this.source !== undefined;
  }

  /** The token for the next connect. */
  async next(): Promise<string> {
    if (this.prepared !== undefined) {
      const token = this.prepared;
      this.prepared = undefined;
      return token;
    }
    return this.fixed ?? this.fresh();
  }

  /** A token from getToken() (only when renewable). */
  async fresh(): Promise<string> {
    return String(await this.source!());
  }

  /** The token the next connect uses instead of asking. */
  prepare(token: string): void {
    this.prepared = token;
  }
}

/** The `error` event of a getToken() that threw or rejected. */
export function tokenSourceFailed(e: unknown): GatehouseError {
  return new GatehouseError("CLIENT_TOKEN_SOURCE_FAILED", `the token source failed: ${describe(e)}`, { retryable: true });
}
