// Whom a request is counted against: its API token, else its signed-in user, else its IP address.
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../actions/types.ts';

export function clientKey(req: Pick<FastifyRequest, 'ip'>, user: AuthUser | null): string {
  if (user?.tokenId) return `t:${user.tokenId}`;
  if (user) return `u:${user.id}`;
  return `ip:${req.ip}`;
}
