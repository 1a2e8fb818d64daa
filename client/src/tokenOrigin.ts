/**
 * The developer token is bound to the API origin it was saved for (docs/security.md): `sigma.apiUrl`
 * may be set by a workspace, so a workspace could otherwise point the preview, token and all, at a
 * server of its choosing. Sending it anywhere else needs the user's yes, asked each time. Pure, so
 * the decision is unit-tested without VS Code.
 */

/** `scheme://host:port` of a URL, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export type TokenDecision = { send: true } | { send: false; ask: string; button: string };

/**
 * Whether the token saved for `savedOrigin` may go to `apiUrl` without asking. A token saved before
 * origins were recorded is taken as bound to `fallbackOrigin` (the API origin of the user's own settings).
 */
export function tokenDecision(savedOrigin: string | undefined, fallbackOrigin: string | undefined, apiUrl: string): TokenDecision {
  const bound = savedOrigin ?? fallbackOrigin;
  const target = originOf(apiUrl) ?? apiUrl;
  if (bound !== undefined && bound === target) return { send: true };
  return {
    send: false,
    ask: `The SIGMA developer token was saved for ${bound ?? 'another API'}, but sigma.apiUrl now points at ${target} (a workspace can set it). Send the token to ${target}?`,
    button: `Send to ${target}`,
  };
}

/** What the preview gets: the token, none saved, or the user said no to this origin. */
export type TokenForOrigin = { token: string } | { missing: true } | { refused: string };

export interface TokenSource {
  token(): Promise<string | undefined>;
  savedOrigin(): Promise<string | undefined>;
  userOrigin(): string | undefined;
  /** A modal yes/no; resolves with the button picked, undefined when dismissed. */
  confirm(message: string, button: string): PromiseLike<string | undefined>;
}

/** The token for a request to `apiUrl`, asking first when it would leave the origin it was saved for. */
export async function tokenForRequest(source: TokenSource, apiUrl: string): Promise<TokenForOrigin> {
  const token = await source.token();
  if (token === undefined) return { missing: true };
  const decision = tokenDecision(await source.savedOrigin(), source.userOrigin(), apiUrl);
  if (decision.send) return { token };
  const picked = await source.confirm(decision.ask, decision.button);
  return picked === decision.button ? { token } : { refused: `The developer token was not sent to ${originOf(apiUrl) ?? apiUrl}: it was saved for another API origin.` };
}
