// The authenticated caller as every layer sees it: a leaf file, so the token cache, the services and the
// action types can all name it without importing each other.
export interface AuthUser {
  id: string;
  name: string;
  sysadmin: boolean;
  operator: boolean;
}
