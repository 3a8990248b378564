// The authenticated caller as every layer sees it: a leaf file, so the token cache, the services and the
// action types can all name it without importing each other.
export interface AuthUser {
  id: string;
  name: string;
  sysadmin: boolean;
  operator: boolean;
  /** The scopes of the API token the request carried (src/auth/scopes.ts); absent: unrestricted. */
  scopes?: readonly string[] | null;
  /** The id of that token (rate limits count per token). */
  tokenId?: string;
  /** How the caller was identified: an API token header or the portal's session cookie. */
  via?: 'token' | 'session';
}
